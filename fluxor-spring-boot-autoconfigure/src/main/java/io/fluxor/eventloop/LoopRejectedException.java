package io.fluxor.eventloop;

/**
 * Thrown when an event loop cannot accept a task: its ring is full or it is shutting down.
 *
 * <p>Hot-path rejections are frequent under overload, so the exception has no stack trace; the
 * {@link #reason()} and the loop name say all there is to say. Every rejection is also counted by
 * the loop.
 */
public final class LoopRejectedException extends RuntimeException {

	/** Why a task was rejected. */
	public enum Reason {

		/** The ring buffer had no free slot. */
		FULL,

		/** The loop no longer accepts work because it is shutting down. */
		SHUT_DOWN

	}

	private final Reason reason;

	private final String loopName;

	LoopRejectedException(Reason reason, String loopName) {
		super(null, null, false, false);
		this.reason = reason;
		this.loopName = loopName;
	}

	/**
	 * Returns why the task was rejected.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Returns the name of the loop that rejected the task.
	 * @return the loop name
	 */
	public String loopName() {
		return this.loopName;
	}

	@Override
	public String getMessage() {
		return (this.reason == Reason.FULL) ? "Event loop " + this.loopName + " is full"
				: "Event loop " + this.loopName + " is shutting down";
	}

}
