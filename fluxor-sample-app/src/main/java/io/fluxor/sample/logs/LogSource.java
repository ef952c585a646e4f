package io.fluxor.sample.logs;

import java.nio.file.Path;

/**
 * What the {@link LogScanner} works on: a directory to list, a file to read, or one raw line. The
 * first two expand into more sources through {@code NeedsMoreWork}; a line passes on.
 */
public sealed interface LogSource {

	/**
	 * A directory, listed into its sub-directories and log files.
	 * @param path the directory
	 */
	record Directory(Path path) implements LogSource {
	}

	/**
	 * A log file, read into its lines.
	 * @param path the file
	 */
	record File(Path path) implements LogSource {
	}

	/**
	 * One line of a log file.
	 * @param file the file it comes from
	 * @param number its line number, from 1
	 * @param text the line
	 */
	record Line(Path file, int number, String text) implements LogSource {
	}

}
