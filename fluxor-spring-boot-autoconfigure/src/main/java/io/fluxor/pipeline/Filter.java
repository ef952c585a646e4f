package io.fluxor.pipeline;

/**
 * Lets an item through when it satisfies a predicate; a rejected item is counted as
 * {@link StageOutcome#FILTERED}.
 *
 * <p>Keep the predicate cheap: it runs on an event loop unless the stage is declared blocking.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface Filter<T> {

	/**
	 * Decides whether the item passes.
	 * @param item the item
	 * @return {@code true} to pass it on
	 * @throws Exception handled as an error of the item
	 */
	boolean accept(T item) throws Exception;

}
