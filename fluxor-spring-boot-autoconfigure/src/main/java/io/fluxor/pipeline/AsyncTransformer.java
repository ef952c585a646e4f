package io.fluxor.pipeline;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * A {@link Transformer} whose result comes later, for non-blocking I/O. Each worker of the stage
 * has one item in flight; declare a parallelism to have more.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
@FunctionalInterface
public interface AsyncTransformer<I, O> {

	/**
	 * Starts transforming one item.
	 * @param item the item
	 * @return the result, completed on any thread
	 * @throws Exception handled as an error of the item
	 */
	CompletionStage<TransformerResult<I, O>> transform(I item) throws Exception;

	/**
	 * Adapts a Reactor function; an empty {@link Mono} is an error of the item.
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param function the function
	 * @return the transformer
	 */
	static <I, O> AsyncTransformer<I, O> ofMono(Function<? super I, Mono<TransformerResult<I, O>>> function) {
		return (item) -> function.apply(item)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Transformer Mono completed empty")))
			.toFuture();
	}

}
