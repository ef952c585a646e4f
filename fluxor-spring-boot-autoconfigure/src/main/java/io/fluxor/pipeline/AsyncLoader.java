package io.fluxor.pipeline;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * A {@link Loader} that completes later, for non-blocking I/O. Each worker of the stage has one
 * item in flight; declare a parallelism to have more.
 *
 * <p>An implementation that holds a resource (a connection) may also be {@link AutoCloseable}: it is
 * closed when a run of the pipeline has ended, like {@link Loader#close()}.
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface AsyncLoader<T> {

	/**
	 * Starts loading one item.
	 * @param item the item
	 * @return completes when the item is loaded, on any thread
	 * @throws Exception handled as an error of the item
	 */
	CompletionStage<?> load(T item) throws Exception;

	/**
	 * Adapts a Reactor function.
	 * @param <T> the item type
	 * @param function the function
	 * @return the loader
	 */
	static <T> AsyncLoader<T> ofMono(Function<? super T, Mono<?>> function) {
		return (item) -> function.apply(item).then().toFuture();
	}

}
