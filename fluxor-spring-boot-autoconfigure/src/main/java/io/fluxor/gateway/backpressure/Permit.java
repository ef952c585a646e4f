package io.fluxor.gateway.backpressure;

/**
 * The right of one admitted request to run. Released exactly once: the first call to
 * {@link #release(Outcome)} frees the slot, later calls do nothing, so completion, error and
 * cancellation may all release it safely.
 */
public interface Permit {

	/** How the request ended, which an adaptive limiter learns from. */
	enum Outcome {

		/** Served, whatever the status; its latency counts. */
		SUCCESS,

		/** Failed for lack of capacity downstream (timeout, rejection); the limit should shrink. */
		DROPPED,

		/** Cancelled or failed before doing work; its latency is ignored. */
		IGNORED

	}

	/**
	 * Frees the slot.
	 * @param outcome how the request ended
	 */
	void release(Outcome outcome);

	/**
	 * Frees the slot of a served request.
	 */
	default void release() {
		release(Outcome.SUCCESS);
	}

}
