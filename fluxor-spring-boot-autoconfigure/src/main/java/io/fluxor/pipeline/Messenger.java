package io.fluxor.pipeline;

/**
 * Routes each item to one of the stage's receivers, selected by a key: the name of the receiving
 * stage. An item whose key names no receiver is an error of the item (and counted).
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface Messenger<T> {

	/**
	 * Selects the receiver of an item.
	 * @param item the item
	 * @return the name of the receiving stage
	 * @throws Exception handled as an error of the item
	 */
	String route(T item) throws Exception;

}
