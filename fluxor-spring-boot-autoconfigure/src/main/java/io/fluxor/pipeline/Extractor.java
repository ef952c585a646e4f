package io.fluxor.pipeline;

import java.util.function.Consumer;

/**
 * The source of a pipeline: reads from somewhere (a file, a queue, a socket) and emits items.
 *
 * <p>The runtime pulls: {@link #extract} is called only when the stage's receiver has room, with a
 * demand that never exceeds that room, so a slow downstream pauses the extractor instead of letting
 * items pile up. It is called on an event loop and must not block, unless the stage is declared
 * blocking, in which case it runs on the group's worker pool (one call at a time).
 *
 * <p>A once-off source (a file) returns {@code false} when it is exhausted; a forever source (a
 * queue) keeps returning {@code true}, emitting nothing when it has nothing, and is polled again
 * after the pipeline's idle delay.
 *
 * @param <T> the type of the items
 */
@FunctionalInterface
public interface Extractor<T> {

	/**
	 * Emits up to {@code demand} items.
	 * @param demand the most items that may be emitted by this call, at least 1
	 * @param emitter receives each item; emitting more than the demand fails the call
	 * @return whether more items may come later; {@code false} ends the source
	 * @throws Exception if reading failed; handled by the stage's error action
	 */
	boolean extract(int demand, Consumer<? super T> emitter) throws Exception;

	/**
	 * Called before the first {@link #extract} of each run of the pipeline.
	 * @throws Exception if the source cannot be opened; the pipeline fails to start
	 */
	default void open() throws Exception {
	}

	/**
	 * Called when a run of the pipeline has ended.
	 * @throws Exception if closing failed; logged
	 */
	default void close() throws Exception {
	}

}
