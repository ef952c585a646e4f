package io.fluxor.pipeline.extractor;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.function.Consumer;

import io.fluxor.pipeline.Extractor;

/** Factories of common {@link Extractor extractors}. */
public final class Extractors {

	private Extractors() {
	}

	/**
	 * Emits the given items once per run.
	 * @param <T> the item type
	 * @param items the items
	 * @return the extractor
	 */
	@SafeVarargs
	public static <T> Extractor<T> of(T... items) {
		return fromIterable(List.of(items));
	}

	/**
	 * Emits the items of an iterable once per run (a new iterator each run).
	 * @param <T> the item type
	 * @param items the items
	 * @return the extractor
	 */
	public static <T> Extractor<T> fromIterable(Iterable<? extends T> items) {
		Objects.requireNonNull(items, "items");
		return new Extractor<>() {

			private Iterator<? extends T> iterator;

			@Override
			public void open() {
				this.iterator = items.iterator();
			}

			@Override
			public boolean extract(int demand, Consumer<? super T> emitter) {
				for (int i = 0; i < demand && this.iterator.hasNext(); i++) {
					emitter.accept(this.iterator.next());
				}
				return this.iterator.hasNext();
			}

		};
	}

	/**
	 * Takes what a queue holds, forever: when it is empty the stage is polled again after the
	 * pipeline's idle delay. Never blocks.
	 * @param <T> the item type
	 * @param queue the queue, filled by other threads
	 * @return the extractor
	 */
	public static <T> Extractor<T> fromQueue(Queue<? extends T> queue) {
		Objects.requireNonNull(queue, "queue");
		return (demand, emitter) -> {
			for (int i = 0; i < demand; i++) {
				T item = queue.poll();
				if (item == null) {
					break;
				}
				emitter.accept(item);
			}
			return true;
		};
	}

	/**
	 * Emits the lines of a UTF-8 text file once per run. It reads the file: declare the stage
	 * blocking.
	 * @param file the file
	 * @return the extractor
	 */
	public static Extractor<String> lines(Path file) {
		Objects.requireNonNull(file, "file");
		return new Extractor<>() {

			private BufferedReader reader;

			@Override
			public void open() throws IOException {
				this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
			}

			@Override
			public boolean extract(int demand, Consumer<? super String> emitter) throws IOException {
				for (int i = 0; i < demand; i++) {
					String line = this.reader.readLine();
					if (line == null) {
						return false;
					}
					emitter.accept(line);
				}
				return true;
			}

			@Override
			public void close() throws IOException {
				this.reader.close();
			}

		};
	}

}
