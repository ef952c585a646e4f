package io.fluxor.gateway.backpressure;

/**
 * The signal of a request a {@link ConcurrencyLimiter} refused. Raised often under overload, so it is
 * stackless and shared: one instance per {@link RejectionReason}.
 */
public final class RejectedRequestException extends RuntimeException {

	private static final RejectedRequestException[] INSTANCES;

	static {
		RejectionReason[] reasons = RejectionReason.values();
		INSTANCES = new RejectedRequestException[reasons.length];
		for (RejectionReason reason : reasons) {
			INSTANCES[reason.ordinal()] = new RejectedRequestException(reason);
		}
	}

	private final RejectionReason reason;

	private RejectedRequestException(RejectionReason reason) {
		super("Request rejected: " + reason.tag(), null, false, false);
		this.reason = reason;
	}

	/**
	 * Returns the shared exception for a reason.
	 * @param reason the reason
	 * @return the exception
	 */
	public static RejectedRequestException of(RejectionReason reason) {
		return INSTANCES[reason.ordinal()];
	}

	/**
	 * Returns why the request was refused.
	 * @return the reason
	 */
	public RejectionReason reason() {
		return this.reason;
	}

}
