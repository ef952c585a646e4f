package io.fluxor.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pipelines of an application by name: what the {@code fluxor} actuator endpoint lists
 * ({@link #snapshots()}) and starts or stops by name, and what metrics and health read.
 */
public final class PipelineRegistry {

	/** Default time a pipeline stopped by name may take to drain. */
	public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private final Map<String, Pipeline> pipelines = new ConcurrentHashMap<>();

	private final List<String> order = new CopyOnWriteArrayList<>();

	private final PipelineMetrics metrics;

	/**
	 * Creates a registry without metrics.
	 */
	public PipelineRegistry() {
		this(PipelineMetrics.NONE);
	}

	/**
	 * Creates a registry that binds every pipeline to metrics.
	 * @param metrics the metrics
	 */
	public PipelineRegistry(PipelineMetrics metrics) {
		this.metrics = Objects.requireNonNull(metrics, "metrics");
	}

	/**
	 * Adds a pipeline.
	 * @param pipeline the pipeline
	 * @return the pipeline
	 * @throws IllegalArgumentException if another pipeline has the same name
	 */
	public Pipeline register(Pipeline pipeline) {
		if (this.pipelines.putIfAbsent(pipeline.name(), pipeline) != null) {
			throw new IllegalArgumentException("A pipeline named '" + pipeline.name() + "' is already registered");
		}
		this.order.add(pipeline.name());
		pipeline.attachMetrics(this.metrics);
		this.metrics.bind(pipeline);
		return pipeline;
	}

	/**
	 * Removes a pipeline, stopping it first.
	 * @param name the pipeline name
	 * @param timeout how long it may drain
	 * @return whether it was registered
	 */
	public boolean unregister(String name, Duration timeout) {
		Pipeline pipeline = this.pipelines.remove(name);
		if (pipeline == null) {
			return false;
		}
		this.order.remove(name);
		pipeline.stop(timeout);
		this.metrics.unbind(pipeline);
		return true;
	}

	/**
	 * Returns a pipeline by name.
	 * @param name the name
	 * @return the pipeline, or {@code null}
	 */
	public Pipeline find(String name) {
		return this.pipelines.get(name);
	}

	/**
	 * Returns every pipeline, in registration order.
	 * @return the pipelines
	 */
	public List<Pipeline> pipelines() {
		List<Pipeline> all = new ArrayList<>(this.order.size());
		for (String name : this.order) {
			Pipeline pipeline = this.pipelines.get(name);
			if (pipeline != null) {
				all.add(pipeline);
			}
		}
		return all;
	}

	/**
	 * Returns a view of every pipeline with its stages' states and counts.
	 * @return the snapshots, in registration order
	 */
	public List<PipelineSnapshot> snapshots() {
		return pipelines().stream().map(Pipeline::snapshot).toList();
	}

	/**
	 * Starts a pipeline by name.
	 * @param name the name
	 * @return its snapshot after starting
	 * @throws NoSuchElementException if there is no such pipeline
	 */
	public PipelineSnapshot start(String name) {
		Pipeline pipeline = require(name);
		pipeline.start();
		return pipeline.snapshot();
	}

	/**
	 * Stops a pipeline by name, draining it for at most {@link #DEFAULT_DRAIN_TIMEOUT}.
	 * @param name the name
	 * @return its snapshot after stopping
	 * @throws NoSuchElementException if there is no such pipeline
	 */
	public PipelineSnapshot stop(String name) {
		return stop(name, DEFAULT_DRAIN_TIMEOUT);
	}

	/**
	 * Stops a pipeline by name.
	 * @param name the name
	 * @param timeout how long it may drain
	 * @return its snapshot after stopping
	 * @throws NoSuchElementException if there is no such pipeline
	 */
	public PipelineSnapshot stop(String name, Duration timeout) {
		Pipeline pipeline = require(name);
		pipeline.stop(timeout);
		return pipeline.snapshot();
	}

	private Pipeline require(String name) {
		Pipeline pipeline = this.pipelines.get(name);
		if (pipeline == null) {
			throw new NoSuchElementException("No pipeline named '" + name + "'; known: " + this.order);
		}
		return pipeline;
	}

}
