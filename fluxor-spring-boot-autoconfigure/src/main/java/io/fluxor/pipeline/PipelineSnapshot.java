package io.fluxor.pipeline;

import java.util.List;

/**
 * A point-in-time view of a pipeline, for the actuator.
 *
 * @param name the pipeline name
 * @param state its state
 * @param outstanding items extracted and not yet finished
 * @param failure why it failed, or {@code null}
 * @param stages its stages, in declaration order
 */
public record PipelineSnapshot(String name, PipelineState state, long outstanding, String failure,
		List<StageSnapshot> stages) {
}
