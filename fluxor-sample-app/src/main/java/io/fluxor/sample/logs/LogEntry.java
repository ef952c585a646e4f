package io.fluxor.sample.logs;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A parsed log line, as written to the JSON lines files.
 * @param file the log file, relative to the scanned root
 * @param line the line number, from 1
 * @param timestamp the timestamp as written
 * @param level the level, such as {@code ERROR}
 * @param logger the logger name
 * @param message the message
 */
public record LogEntry(String file, int line, String timestamp, String level, String logger, String message) {

	/**
	 * Returns whether the entry is an error.
	 * @return {@code true} for level {@code ERROR}
	 */
	@JsonIgnore
	public boolean isError() {
		return "ERROR".equals(this.level);
	}

}
