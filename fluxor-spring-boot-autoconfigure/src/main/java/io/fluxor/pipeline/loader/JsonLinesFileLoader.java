package io.fluxor.pipeline.loader;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.pipeline.Loader;

/**
 * Appends each item as one line of JSON to a file, through a buffer that is flushed whenever the
 * stage's input runs empty and when the run ends.
 *
 * <p>Writing to a buffered file is cheap enough for a loop most of the time; a flush to a slow disk
 * is not, so declare the stage blocking when the disk may stall. Thread-safe, so that the stage may
 * have a parallelism above 1 (the lines then interleave).
 *
 * @param <T> the item type
 */
public final class JsonLinesFileLoader<T> implements Loader<T> {

	private final Path file;

	private final ObjectMapper mapper;

	private BufferedWriter writer;

	/**
	 * Creates a loader with a default {@link ObjectMapper}.
	 * @param file the file, created if missing, appended to
	 */
	public JsonLinesFileLoader(Path file) {
		this(file, new ObjectMapper().findAndRegisterModules());
	}

	/**
	 * Creates a loader.
	 * @param file the file, created if missing, appended to
	 * @param mapper how items become JSON
	 */
	public JsonLinesFileLoader(Path file, ObjectMapper mapper) {
		this.file = Objects.requireNonNull(file, "file");
		this.mapper = Objects.requireNonNull(mapper, "mapper");
	}

	/**
	 * Returns the file written to.
	 * @return the file
	 */
	public Path file() {
		return this.file;
	}

	@Override
	public synchronized void load(T item) throws IOException {
		if (this.writer == null) {
			Path parent = this.file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			this.writer = Files.newBufferedWriter(this.file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		this.writer.write(this.mapper.writeValueAsString(item));
		this.writer.write('\n');
	}

	@Override
	public synchronized void flush() throws IOException {
		if (this.writer != null) {
			this.writer.flush();
		}
	}

	@Override
	public synchronized void close() throws IOException {
		if (this.writer != null) {
			this.writer.close();
			this.writer = null;
		}
	}

}
