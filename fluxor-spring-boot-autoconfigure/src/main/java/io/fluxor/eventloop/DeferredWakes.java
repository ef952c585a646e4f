package io.fluxor.eventloop;

import java.util.Arrays;

/**
 * The wake-ups of parked loops that one loop's current task asked for by dispatching to them,
 * delivered when the task ends: a task that sends a thousand messages to a parked loop wakes it once.
 * Used by its loop's thread only.
 *
 * <p>A task that dispatches and then waits for the answer (blocking a loop, which the blocked-loop
 * detector reports) would wait for a wake-up it holds back itself; the detector therefore wakes every
 * parked loop when it finds a loop held by one task for a whole check period.
 */
final class DeferredWakes {

	private ParkingWaitStrategy[] pending = new ParkingWaitStrategy[4];

	private int count;

	private boolean dispatching;

	/**
	 * Returns the deferred wakes of the loop whose thread is publishing a dispatch right now, or
	 * {@code null} when the caller is not a loop in the middle of {@link EventLoop#dispatch}: any other
	 * signal (from another thread, or a halt) wakes at once.
	 */
	static DeferredWakes ofCurrentDispatch() {
		EventLoop current = EventLoop.current();
		if (current == null) {
			return null;
		}
		DeferredWakes wakes = current.deferredWakes();
		return wakes.dispatching ? wakes : null;
	}

	void dispatching(boolean dispatching) {
		this.dispatching = dispatching;
	}

	void add(ParkingWaitStrategy strategy) {
		for (int i = 0; i < this.count; i++) {
			if (this.pending[i] == strategy) {
				return;
			}
		}
		if (this.count == this.pending.length) {
			this.pending = Arrays.copyOf(this.pending, this.count * 2);
		}
		this.pending[this.count++] = strategy;
	}

	/** Wakes every loop asked for since the last delivery. */
	void deliver() {
		for (int i = 0; i < this.count; i++) {
			this.pending[i].wake();
			this.pending[i] = null;
		}
		this.count = 0;
	}

	boolean isEmpty() {
		return this.count == 0;
	}

}
