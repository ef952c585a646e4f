package io.fluxor.pipeline.loader;

import io.fluxor.pipeline.Loader;

/** Factories of simple {@link Loader loaders}. */
public final class Loaders {

	private Loaders() {
	}

	/**
	 * Returns a loader that drops every item (counted as processed by its stage).
	 * @param <T> the item type
	 * @return the loader
	 */
	public static <T> Loader<T> drop() {
		return (item) -> {
		};
	}

}
