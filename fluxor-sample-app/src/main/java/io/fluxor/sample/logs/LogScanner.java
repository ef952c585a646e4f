package io.fluxor.sample.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.fluxor.pipeline.Transformer;
import io.fluxor.pipeline.TransformerResult;

/**
 * Walks a log tree with {@code NeedsMoreWork}: a directory feeds back its entries (sub-directories
 * and {@code *.log} files, in name order), a file feeds back its lines, and a line passes on. It
 * reads the disk, so the stage is declared blocking; the feedback stack bounds how many lines of a
 * file may wait, which suits log files of up to a few thousand lines.
 */
public final class LogScanner implements Transformer<LogSource, LogSource.Line> {

	@Override
	public TransformerResult<LogSource, LogSource.Line> transform(LogSource source) throws IOException {
		if (source instanceof LogSource.Line line) {
			return TransformerResult.transformed(line);
		}
		if (source instanceof LogSource.Directory directory) {
			try (Stream<Path> entries = Files.list(directory.path())) {
				List<LogSource> children = entries.sorted().<LogSource>mapMulti((path, next) -> {
					if (Files.isDirectory(path)) {
						next.accept(new LogSource.Directory(path));
					}
					else if (path.getFileName().toString().endsWith(".log")) {
						next.accept(new LogSource.File(path));
					}
				}).toList();
				return TransformerResult.needsMoreWork(children);
			}
		}
		Path file = ((LogSource.File) source).path();
		List<LogSource> lines = new ArrayList<>();
		try (Stream<String> text = Files.lines(file, StandardCharsets.UTF_8)) {
			text.forEach((line) -> lines.add(new LogSource.Line(file, lines.size() + 1, line)));
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		return TransformerResult.needsMoreWork(lines);
	}

}
