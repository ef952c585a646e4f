package io.fluxor.pipeline;

/**
 * Turns an item into another (or the same type), asks to see it again, or fails it.
 *
 * <p>Called on an event loop, one item at a time per worker; must not block unless the stage is
 * declared blocking. With a parallelism above 1 it is called from several loops at once and must
 * be thread-safe. A thrown exception is handled like {@link TransformerResult.Error}.
 *
 * @param <I> the input type
 * @param <O> the output type
 * @see AsyncTransformer
 */
@FunctionalInterface
public interface Transformer<I, O> {

	/**
	 * Transforms one item.
	 * @param item the item
	 * @return what to do with it, never {@code null}
	 * @throws Exception handled as an error of the item
	 */
	TransformerResult<I, O> transform(I item) throws Exception;

}
