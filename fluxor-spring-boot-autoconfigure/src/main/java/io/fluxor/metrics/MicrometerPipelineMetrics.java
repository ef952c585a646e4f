package io.fluxor.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.fluxor.pipeline.LatencyRecorder;
import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineMetrics;
import io.fluxor.pipeline.StageOutcome;
import io.fluxor.pipeline.StageStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Pipeline metrics on Micrometer. Counters and gauges read the runtime's own statistics when
 * scraped, so the hot path pays only for the latency timer.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Name</th><th>Type</th><th>Tags</th></tr>
 * <tr><td>{@code fluxor.pipeline.items}</td><td>counter</td><td>pipeline, stage, outcome</td></tr>
 * <tr><td>{@code fluxor.pipeline.buffer.fill}</td><td>gauge (0..1)</td><td>pipeline, stage</td></tr>
 * <tr><td>{@code fluxor.pipeline.stage.latency}</td><td>timer</td><td>pipeline, stage</td></tr>
 * <tr><td>{@code fluxor.pipeline.clogged}</td><td>gauge (0 or 1)</td><td>pipeline, stage</td></tr>
 * <tr><td>{@code fluxor.pipeline.restarts}</td><td>counter</td><td>pipeline, stage</td></tr>
 * </table>
 */
public final class MicrometerPipelineMetrics implements PipelineMetrics {

	/** Items per stage and outcome. */
	public static final String ITEMS = "fluxor.pipeline.items";

	/** Fill ratio of a stage's input buffers. */
	public static final String BUFFER_FILL = "fluxor.pipeline.buffer.fill";

	/** Time a stage spends on an item. */
	public static final String STAGE_LATENCY = "fluxor.pipeline.stage.latency";

	/** Whether a stage is clogged. */
	public static final String CLOGGED = "fluxor.pipeline.clogged";

	/** Restarts of a stage by its clog policy. */
	public static final String RESTARTS = "fluxor.pipeline.restarts";

	private final MeterRegistry registry;

	private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

	/**
	 * Creates the metrics.
	 * @param registry where the meters go
	 */
	public MicrometerPipelineMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bind(Pipeline pipeline) {
		List<Meter> bound = new ArrayList<>();
		for (StageStatistics stage : pipeline.stages()) {
			Tags tags = Tags.of("pipeline", pipeline.name(), "stage", stage.name());
			for (StageOutcome outcome : StageOutcome.values()) {
				bound.add(FunctionCounter.builder(ITEMS, stage, (s) -> s.count(outcome))
					.tags(tags.and("outcome", outcome.tag()))
					.description("Items that left a pipeline stage, by outcome")
					.register(this.registry));
			}
			bound.add(Gauge.builder(BUFFER_FILL, stage, StageStatistics::bufferFill)
				.tags(tags)
				.strongReference(true)
				.description("Fill ratio of a pipeline stage's input buffers")
				.register(this.registry));
			bound.add(Gauge.builder(CLOGGED, stage, (s) -> s.clogged() ? 1 : 0)
				.tags(tags)
				.strongReference(true)
				.description("Whether a pipeline stage is clogged")
				.register(this.registry));
			bound.add(FunctionCounter.builder(RESTARTS, stage, StageStatistics::restarts)
				.tags(tags)
				.description("Restarts of a pipeline stage by its clog policy")
				.register(this.registry));
		}
		this.meters.computeIfAbsent(pipeline.name(), (key) -> new CopyOnWriteArrayList<>()).addAll(bound);
	}

	@Override
	public void unbind(Pipeline pipeline) {
		List<Meter> bound = this.meters.remove(pipeline.name());
		if (bound != null) {
			bound.forEach(this.registry::remove);
		}
	}

	@Override
	public LatencyRecorder latencyRecorder(String pipeline, String stage) {
		Timer timer = Timer.builder(STAGE_LATENCY)
			.tags("pipeline", pipeline, "stage", stage)
			.description("Time a pipeline stage spends on an item")
			.register(this.registry);
		this.meters.computeIfAbsent(pipeline, (key) -> new CopyOnWriteArrayList<>()).add(timer);
		return (nanos) -> timer.record(nanos, TimeUnit.NANOSECONDS);
	}

}
