package io.fluxor.eventbus;

/**
 * Why a message could not be delivered or answered.
 */
public enum DeliveryFailure {

	/** No consumer was registered at the address. */
	NO_HANDLERS,

	/** No reply arrived within the request's timeout. */
	TIMEOUT,

	/** The consumer failed the message, explicitly or by throwing. */
	RECIPIENT_FAILURE,

	/** The consumer's event loop could not accept the message (full or shutting down). */
	REJECTED;

	/**
	 * Returns the metric label value for this failure.
	 * @return the lower-case name
	 */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
