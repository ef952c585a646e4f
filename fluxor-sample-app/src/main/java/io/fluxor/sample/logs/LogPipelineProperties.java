package io.fluxor.sample.logs;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the sample's log pipeline reads and writes, {@code sample.log-pipeline.*}.
 * @param source directory of log files to scan; when unset, the {@code sample-logs/} tree shipped in
 * the jar is copied to a new temporary directory at startup and scanned
 * @param output directory the two JSON lines files of error entries are written to, emptied of them
 * at startup; when unset, a new temporary directory
 */
@ConfigurationProperties(prefix = "sample.log-pipeline")
public record LogPipelineProperties(Path source, Path output) {

	/** Prefix of the properties. */
	public static final String PREFIX = "sample.log-pipeline";

}
