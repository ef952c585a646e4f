package io.fluxor.pipeline;

/** The state of a stage as shown by {@link PipelineRegistry} snapshots and the actuator. */
public enum StageState {

	/** The pipeline is not running. */
	STOPPED,

	/** Waiting for input. */
	IDLE,

	/** Handling items. */
	RUNNING,

	/** Waiting for room in a receiver's buffer (backpressure). */
	BLOCKED,

	/** Stopped consuming while its input is filling; see {@link ClogPolicy}. */
	CLOGGED,

	/** Waiting for its restart back-off to elapse. */
	RESTARTING,

	/** An extractor whose source is exhausted. */
	COMPLETED

}
