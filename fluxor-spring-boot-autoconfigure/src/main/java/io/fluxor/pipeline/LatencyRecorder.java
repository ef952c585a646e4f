package io.fluxor.pipeline;

/**
 * Receives the time a stage spent on items; obtained from {@link PipelineMetrics}. Every item of an
 * async or blocking stage is timed; a synchronous stage times one item in 16, which keeps the clock
 * off its hot path while still describing the distribution (item counts come from
 * {@link StageStatistics}, not from the recorder).
 */
@FunctionalInterface
public interface LatencyRecorder {

	/**
	 * Records one item's handling time, from the start of the stage's call to its result (for an
	 * async stage, to the completion).
	 * @param nanos the time in nanoseconds
	 */
	void record(long nanos);

}
