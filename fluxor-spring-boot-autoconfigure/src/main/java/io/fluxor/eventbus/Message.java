package io.fluxor.eventbus;

import java.util.Map;

/**
 * A message as a consumer or a requester sees it.
 *
 * <p>A consumer answers a request with {@link #reply(Object)} or {@link #fail(int, String)}; for a
 * message that expects no reply (publish, send) a reply does nothing and a failure is only counted
 * as a recipient failure of the address. Answering twice is ignored.
 *
 * @param <T> the body type
 */
public interface Message<T> {

	/**
	 * Returns the address the message was sent to.
	 * @return the address
	 */
	String address();

	/**
	 * Returns the body.
	 * @return the body, may be {@code null}
	 */
	T body();

	/**
	 * Returns the headers.
	 * @return unmodifiable headers, never {@code null}
	 */
	Map<String, String> headers();

	/**
	 * Returns whether the sender waits for a reply.
	 * @return {@code true} for a request
	 */
	boolean expectsReply();

	/**
	 * Replies to a request.
	 * @param body the reply body
	 */
	default void reply(Object body) {
		reply(body, DeliveryOptions.DEFAULT);
	}

	/**
	 * Replies to a request with headers.
	 * @param body the reply body
	 * @param options headers of the reply
	 */
	void reply(Object body, DeliveryOptions options);

	/**
	 * Fails a request: the requester gets a {@link DeliveryException} of type
	 * {@link DeliveryFailure#RECIPIENT_FAILURE} with this code and message. A message that expects
	 * no reply is counted as a recipient failure of its address.
	 * @param code an application failure code
	 * @param message a description
	 */
	void fail(int code, String message);

}
