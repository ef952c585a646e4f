package io.fluxor.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Transformer} made of an item.
 *
 * <ul>
 * <li>{@link Transformed}: done; the value goes on to the stage's receiver.</li>
 * <li>{@link NeedsMoreWork}: the items go back into the same transformer, ahead of new input, depth
 * first (walking a directory tree, expanding a paginated API). Feedback never waits for a bounded
 * buffer, so it cannot deadlock, and is held in a per-worker stack whose size is bounded by the
 * stage's feedback capacity.</li>
 * <li>{@link Error}: the item failed; it goes to the stage's error action.</li>
 * </ul>
 *
 * @param <I> the transformer's input type
 * @param <O> the transformer's output type
 */
public sealed interface TransformerResult<I, O>
		permits TransformerResult.Transformed, TransformerResult.NeedsMoreWork, TransformerResult.Error {

	/**
	 * Returns a finished value.
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param value the value passed on
	 * @return the result
	 */
	static <I, O> TransformerResult<I, O> transformed(O value) {
		return new Transformed<>(value);
	}

	/**
	 * Returns items to feed back into the transformer.
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param items the items, processed before new input
	 * @return the result
	 */
	@SafeVarargs
	static <I, O> TransformerResult<I, O> needsMoreWork(I... items) {
		return new NeedsMoreWork<>(List.of(items));
	}

	/**
	 * Returns items to feed back into the transformer.
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param items the items, processed before new input
	 * @return the result
	 */
	static <I, O> TransformerResult<I, O> needsMoreWork(List<I> items) {
		return new NeedsMoreWork<>(items);
	}

	/**
	 * Returns a failure.
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param error what went wrong
	 * @return the result
	 */
	static <I, O> TransformerResult<I, O> error(Throwable error) {
		return new Error<>(error);
	}

	/**
	 * The item was transformed and its value goes on.
	 *
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param value the value, never {@code null}
	 */
	record Transformed<I, O>(O value) implements TransformerResult<I, O> {

		public Transformed {
			Objects.requireNonNull(value, "value");
		}

	}

	/**
	 * The transformer needs to see these items again (possibly none: the item is then finished).
	 *
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param items the items fed back, never {@code null}
	 */
	record NeedsMoreWork<I, O>(List<I> items) implements TransformerResult<I, O> {

		public NeedsMoreWork {
			Objects.requireNonNull(items, "items");
		}

	}

	/**
	 * The item failed.
	 *
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param error the failure, never {@code null}
	 */
	record Error<I, O>(Throwable error) implements TransformerResult<I, O> {

		public Error {
			Objects.requireNonNull(error, "error");
		}

	}

}
