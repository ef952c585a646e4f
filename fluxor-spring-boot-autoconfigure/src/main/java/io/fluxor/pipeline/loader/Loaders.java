package io.fluxor.pipeline.loader;

import java.util.function.Function;

import io.fluxor.pipeline.Loader;

/** Factories of simple {@link Loader loaders} and of the {@link SocketLoader}. */
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

	/**
	 * Returns a loader that writes each item's {@code toString()} as one line to a TCP server.
	 * @param <T> the item type
	 * @param host the server's host
	 * @param port the server's port
	 * @return the loader
	 * @see SocketLoader
	 */
	public static <T> SocketLoader<T> socket(String host, int port) {
		return new SocketLoader<>(host, port);
	}

	/**
	 * Returns a loader that writes each item as one line to a TCP server.
	 * @param <T> the item type
	 * @param host the server's host
	 * @param port the server's port
	 * @param encoder how an item becomes its line, without the line terminator
	 * @return the loader
	 * @see SocketLoader
	 */
	public static <T> SocketLoader<T> socket(String host, int port, Function<? super T, String> encoder) {
		return new SocketLoader<>(host, port, encoder);
	}

}
