package io.fluxor.verticle;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * How an annotated method delivers its result: at once, through a {@link CompletionStage}, or
 * through a Reactor {@link Mono}.
 */
enum ReturnKind {

	/** Returns nothing. */
	VOID,

	/** Returns its result directly. */
	VALUE,

	/** Returns a {@link CompletionStage}, such as a {@link CompletableFuture}. */
	STAGE,

	/** Returns a Reactor {@link Mono}. */
	MONO;

	static ReturnKind of(Method method) {
		Class<?> type = method.getReturnType();
		if (type == void.class || type == Void.class) {
			return VOID;
		}
		if (CompletionStage.class.isAssignableFrom(type)) {
			return STAGE;
		}
		if (Mono.class.isAssignableFrom(type)) {
			return MONO;
		}
		if (Publisher.class.isAssignableFrom(type)) {
			throw new IllegalArgumentException(VerticleDefinition.describe(method)
					+ " returns a " + type.getSimpleName() + "; return a value, a CompletionStage or a Mono");
		}
		return VALUE;
	}

	/**
	 * Returns the result as a future: completed for {@link #VOID} and {@link #VALUE}, and for a
	 * {@code null} stage or Mono.
	 */
	@SuppressWarnings("unchecked")
	CompletableFuture<Object> toFuture(Object result) {
		return switch (this) {
			case VOID -> CompletableFuture.completedFuture(null);
			case VALUE -> CompletableFuture.completedFuture(result);
			case STAGE -> (result != null) ? ((CompletionStage<Object>) result).toCompletableFuture()
					: CompletableFuture.completedFuture(null);
			case MONO -> (result != null) ? ((Mono<Object>) result).toFuture() : CompletableFuture.completedFuture(null);
		};
	}

}
