package io.fluxor.eventloop;

/**
 * Work dispatched to an {@link EventLoop} with an argument, so that a long-lived task object can be
 * reused for every event instead of allocating a closure per dispatch.
 *
 * <p>{@link #run(Object)} is called on the loop thread, one event at a time. If the loop shuts down
 * before the event runs, {@link #abandon(Object, Throwable)} is called instead, on the thread that
 * shuts the loop down, so that the event's owner learns it failed rather than it being lost.
 *
 * @param <T> the type of the argument
 */
public interface LoopTask<T> {

	/**
	 * Runs the task for one event, on the loop thread.
	 * @param argument the event's argument
	 */
	void run(T argument);

	/**
	 * Called when the event was accepted but will never run, because the loop shut down first.
	 * @param argument the event's argument
	 * @param cause why it was abandoned
	 */
	default void abandon(T argument, Throwable cause) {
	}

}
