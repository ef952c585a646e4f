package io.fluxor.pipeline;

/**
 * Service-provider seam for pipeline metrics, with a no-op default so that the runtime needs no
 * metrics library. Counts, buffer fill, clog state and restarts are kept by the runtime anyway (see
 * {@link StageStatistics}), so an implementation only reads them when it binds a pipeline: the hot
 * path pays nothing for them. Only latency is pushed, through a per-stage {@link LatencyRecorder}.
 */
public interface PipelineMetrics {

	/** Metrics that record nothing. */
	PipelineMetrics NONE = new PipelineMetrics() {
	};

	/**
	 * Called once when a pipeline is registered.
	 * @param pipeline the pipeline, whose {@link Pipeline#stages()} expose live statistics
	 */
	default void bind(Pipeline pipeline) {
	}

	/**
	 * Called when a pipeline is removed from the registry.
	 * @param pipeline the pipeline
	 */
	default void unbind(Pipeline pipeline) {
	}

	/**
	 * Returns where a stage's per-item latency goes.
	 * @param pipeline the pipeline name
	 * @param stage the stage name
	 * @return a recorder, or {@code null} not to time the stage at all
	 */
	default LatencyRecorder latencyRecorder(String pipeline, String stage) {
		return null;
	}

}
