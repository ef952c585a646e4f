package io.fluxor.sample.logs;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fluxor.pipeline.Transformer;
import io.fluxor.pipeline.TransformerResult;

/**
 * Parses {@code TIMESTAMP LEVEL [logger] message} lines; a line that does not fit is an error of
 * the stage (counted, logged), and blank lines are skipped as errors too.
 */
public final class LogParser implements Transformer<LogSource.Line, LogEntry> {

	private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+([A-Z]+)\\s+\\[([^\\]]+)]\\s+(.*)$");

	private final Path root;

	/**
	 * Creates a parser that names files relative to a root.
	 * @param root the scanned root
	 */
	public LogParser(Path root) {
		this.root = root;
	}

	@Override
	public TransformerResult<LogSource.Line, LogEntry> transform(LogSource.Line line) {
		Matcher matcher = LINE.matcher(line.text());
		if (!matcher.matches()) {
			return TransformerResult.error(new IllegalArgumentException(
					"Not a log line at " + line.file().getFileName() + ":" + line.number()));
		}
		String file = this.root.relativize(line.file()).toString().replace('\\', '/');
		return TransformerResult.transformed(new LogEntry(file, line.number(), matcher.group(1), matcher.group(2),
				matcher.group(3), matcher.group(4)));
	}

}
