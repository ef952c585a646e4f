package io.fluxor.pipeline;

/** Receives the time a stage spent on each item; obtained from {@link PipelineMetrics}. */
@FunctionalInterface
public interface LatencyRecorder {

	/**
	 * Records one item's handling time, from the start of the stage's call to its result (for an
	 * async stage, to the completion).
	 * @param nanos the time in nanoseconds
	 */
	void record(long nanos);

}
