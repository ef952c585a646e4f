package io.fluxor.eventbus;

/**
 * Sees every message leaving a sender ({@link #outbound}) and reaching a consumer
 * ({@link #inbound}), for tracing, authorization or metrics.
 *
 * <p>Outbound runs on the sender's thread, inbound on the consumer's loop. Returning {@code false}
 * stops the message: the caller of send or request gets a {@link DeliveryException} of type
 * {@link DeliveryFailure#REJECTED}.
 */
public interface EventBusInterceptor {

	/**
	 * Called before a message leaves its sender.
	 * @param context the delivery
	 * @return whether the message may go on
	 */
	default boolean outbound(DeliveryContext context) {
		return true;
	}

	/**
	 * Called before a consumer handles a message.
	 * @param context the delivery
	 * @return whether the consumer may handle it
	 */
	default boolean inbound(DeliveryContext context) {
		return true;
	}

}
