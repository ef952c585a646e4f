package io.fluxor.eventbus;

/**
 * Handles messages of an address, always on the event loop the consumer was registered on.
 *
 * <p>An exception thrown by {@link #handle(Message)} fails a request with
 * {@link DeliveryFailure#RECIPIENT_FAILURE}; it never reaches the loop.
 *
 * @param <T> the body type
 */
@FunctionalInterface
public interface MessageHandler<T> {

	/**
	 * Handles one message.
	 * @param message the message
	 * @throws Exception to fail the message
	 */
	void handle(Message<T> message) throws Exception;

}
