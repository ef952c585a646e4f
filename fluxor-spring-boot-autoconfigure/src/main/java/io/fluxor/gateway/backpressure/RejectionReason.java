package io.fluxor.gateway.backpressure;

/**
 * Why a {@link ConcurrencyLimiter} refused a request.
 */
public enum RejectionReason {

	/** Running and queued requests already reach max-ccu. */
	OVER_CAPACITY("over-capacity"),

	/** The request waited in the queue longer than the queue timeout. */
	QUEUE_TIMEOUT("queue-timeout"),

	/** The adaptive limit was reached. */
	LIMIT_EXCEEDED("limit-exceeded");

	private final String tag;

	RejectionReason(String tag) {
		this.tag = tag;
	}

	/**
	 * Returns the metric label value.
	 * @return the lower-case, dashed name
	 */
	public String tag() {
		return this.tag;
	}

}
