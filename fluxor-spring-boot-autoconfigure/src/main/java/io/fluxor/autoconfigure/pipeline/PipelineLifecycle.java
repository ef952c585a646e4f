package io.fluxor.autoconfigure.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.fluxor.autoconfigure.FluxorLifecyclePhases;
import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineRegistry;
import io.fluxor.pipeline.PipelineState;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the registered pipelines with the application context and stops them, draining each
 * within its drain timeout, before the event loops are shut down.
 */
public class PipelineLifecycle implements SmartLifecycle {

	/** Phase: after the event loops are up, stopped before them (and after the web server). */
	public static final int PHASE = FluxorLifecyclePhases.PIPELINES;

	private final PipelineRegistry registry;

	private final Map<String, Boolean> autoStartup = new HashMap<>();

	private final Map<String, Duration> drainTimeouts = new HashMap<>();

	private volatile boolean running;

	/**
	 * Creates the life cycle of a registry's pipelines.
	 * @param registry the registry
	 */
	public PipelineLifecycle(PipelineRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Sets how a pipeline starts and stops; pipelines not configured here start automatically and
	 * drain within {@link PipelineRegistry#DEFAULT_DRAIN_TIMEOUT}.
	 * @param name the pipeline name
	 * @param autoStartup whether it starts with the context
	 * @param drainTimeout how long it may drain on shutdown
	 */
	public void configure(String name, boolean autoStartup, Duration drainTimeout) {
		this.autoStartup.put(name, autoStartup);
		this.drainTimeouts.put(name, drainTimeout);
	}

	/**
	 * Returns how long a pipeline may drain when it is stopped.
	 * @param name the pipeline name
	 * @return its configured drain timeout, or {@link PipelineRegistry#DEFAULT_DRAIN_TIMEOUT}
	 */
	public Duration drainTimeout(String name) {
		return this.drainTimeouts.getOrDefault(name, PipelineRegistry.DEFAULT_DRAIN_TIMEOUT);
	}

	@Override
	public void start() {
		for (Pipeline pipeline : this.registry.pipelines()) {
			if (this.autoStartup.getOrDefault(pipeline.name(), true)) {
				pipeline.start();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		for (Pipeline pipeline : this.registry.pipelines()) {
			PipelineState state = pipeline.state();
			if (state == PipelineState.RUNNING || state == PipelineState.STOPPING) {
				pipeline.stop(drainTimeout(pipeline.name()));
			}
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
