package io.fluxor.pipeline;

/** The life cycle of a {@link Pipeline}. */
public enum PipelineState {

	/** Built, never started. */
	NEW,

	/** Extracting and processing. */
	RUNNING,

	/** No longer extracting; draining what is in flight. */
	STOPPING,

	/** Stopped on request; may be started again. */
	STOPPED,

	/** Every extractor is exhausted and every item handled; may be started again. */
	COMPLETED,

	/** Stopped by a failure (an error action {@code fail}, a clog with policy {@code stop}). */
	FAILED;

	/**
	 * Returns whether the pipeline has ended its run.
	 * @return {@code true} for stopped, completed and failed
	 */
	public boolean isTerminal() {
		return this == STOPPED || this == COMPLETED || this == FAILED;
	}

}
