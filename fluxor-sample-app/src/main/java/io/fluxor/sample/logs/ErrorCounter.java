package io.fluxor.sample.logs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.fluxor.pipeline.Loader;

/**
 * The live end of the broadcast: counts error entries in total and per logger, read at any time by
 * the {@code GET /api/pipeline/errors} route while the pipeline runs.
 */
public final class ErrorCounter implements Loader<LogEntry> {

	private final LongAdder total = new LongAdder();

	private final Map<String, LongAdder> byLogger = new ConcurrentHashMap<>();

	@Override
	public void load(LogEntry entry) {
		this.byLogger.computeIfAbsent(entry.logger(), (logger) -> new LongAdder()).increment();
		this.total.increment();
	}

	/**
	 * Returns the errors counted so far.
	 * @return the count
	 */
	public long total() {
		return this.total.sum();
	}

	/**
	 * Returns the errors counted so far per logger, sorted by logger.
	 * @return the counts
	 */
	public Map<String, Long> byLogger() {
		Map<String, Long> counts = new TreeMap<>();
		this.byLogger.forEach((logger, count) -> counts.put(logger, count.sum()));
		return counts;
	}

}
