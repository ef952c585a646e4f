package io.fluxor.eventbus;

import java.util.Map;

/**
 * What an {@link EventBusInterceptor} sees of a message on its way out or in.
 */
public interface DeliveryContext {

	/** How a message travels. */
	enum Kind {

		/** To every consumer of the address. */
		PUBLISH,

		/** To one consumer, no reply expected. */
		SEND,

		/** To one consumer, a reply expected. */
		REQUEST,

		/** A reply to a request. */
		REPLY

	}

	/**
	 * Returns the address.
	 * @return the address
	 */
	String address();

	/**
	 * Returns the body.
	 * @return the body
	 */
	Object body();

	/**
	 * Returns the headers, which an outbound interceptor may add to.
	 * @return the mutable headers of this delivery
	 */
	Map<String, String> headers();

	/**
	 * Returns how the message travels.
	 * @return the kind
	 */
	Kind kind();

}
