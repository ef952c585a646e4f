package io.fluxor.autoconfigure.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineRegistry;
import io.fluxor.pipeline.PipelineState;
import io.fluxor.pipeline.StageStatistics;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the pipelines: DOWN while a stage is clogged or a pipeline has failed, with the state
 * and clogged stages of each pipeline as details.
 */
public class PipelinesHealthIndicator extends AbstractHealthIndicator {

	private final PipelineRegistry registry;

	/**
	 * Creates the indicator.
	 * @param registry the pipelines
	 */
	public PipelinesHealthIndicator(PipelineRegistry registry) {
		super("Pipelines health check failed");
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean down = false;
		for (Pipeline pipeline : this.registry.pipelines()) {
			List<String> clogged = pipeline.stages().stream().filter(StageStatistics::clogged).map(StageStatistics::name).toList();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", pipeline.state());
			if (!clogged.isEmpty()) {
				details.put("clogged", clogged);
			}
			if (pipeline.failure() != null) {
				details.put("failure", pipeline.failure().toString());
			}
			down |= !clogged.isEmpty() || pipeline.state() == PipelineState.FAILED;
			builder.withDetail(pipeline.name(), details);
		}
		if (down) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
