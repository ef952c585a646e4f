package io.fluxor.pipeline;

/**
 * The sink of a pipeline: writes each item somewhere (a file, a socket, an event-bus address) or
 * drops it.
 *
 * <p>Runs on an event loop unless the stage is declared blocking; with a parallelism above 1 it is
 * called from several loops at once and must be thread-safe.
 *
 * @param <T> the item type
 * @see AsyncLoader
 */
@FunctionalInterface
public interface Loader<T> {

	/**
	 * Loads one item.
	 * @param item the item
	 * @throws Exception handled as an error of the item
	 */
	void load(T item) throws Exception;

	/**
	 * Called when the stage's input runs empty, so that buffered output can be written.
	 * @throws Exception logged
	 */
	default void flush() throws Exception {
	}

	/**
	 * Called when a run of the pipeline has ended.
	 * @throws Exception logged
	 */
	default void close() throws Exception {
	}

}
