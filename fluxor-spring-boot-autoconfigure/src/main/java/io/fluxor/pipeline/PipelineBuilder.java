package io.fluxor.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;

/**
 * Declares a pipeline's stages and how they connect, then validates the topology and builds the
 * {@link Pipeline}:
 *
 * <pre class="code">
 * Pipeline pipeline = Pipeline.builder("logs", group)
 * 	.extractor("walk", Extractors.of(root)).to("scan").and()
 * 	.transformer("scan", new DirectoryWalker()).to("errors").and()
 * 	.filter("errors", (Path p) -&gt; p.toString().endsWith(".log")).to("store").and()
 * 	.loader("store", new JsonLinesFileLoader&lt;&gt;(out)).and()
 * 	.build();
 * </pre>
 *
 * <p>{@link #build()} fails with an {@link InvalidPipelineException} naming the path for a cycle
 * (only a transformer's {@code NeedsMoreWork} may feed a stage back to itself), a stage without a
 * receiver, an unknown receiver, or a stage no extractor reaches.
 */
public final class PipelineBuilder {

	/** Default capacity of each input buffer of a stage. */
	public static final int DEFAULT_BUFFER_SIZE = 256;

	/** Default number of items a worker handles before it yields its loop to other work. */
	public static final int DEFAULT_BATCH_SIZE = 64;

	/** Default bound of a transformer worker's {@code NeedsMoreWork} stack. */
	public static final int DEFAULT_FEEDBACK_CAPACITY = 8192;

	/** Default delay before a forever extractor that had nothing is polled again. */
	public static final Duration DEFAULT_IDLE_POLL = Duration.ofMillis(10);

	/** Default placement of the stages on the loops. */
	public static final StagePlacement DEFAULT_PLACEMENT = StagePlacement.CHAIN;

	private final String name;

	private final EventLoopGroup group;

	private final Map<String, StageDefinition> stages = new LinkedHashMap<>();

	private int bufferSize = DEFAULT_BUFFER_SIZE;

	private int batchSize = DEFAULT_BATCH_SIZE;

	private Duration idlePoll = DEFAULT_IDLE_POLL;

	private ClogOptions clog = ClogOptions.defaults();

	private EventBus eventBus;

	private StagePlacement placement = DEFAULT_PLACEMENT;

	PipelineBuilder(String name, EventLoopGroup group) {
		this.name = Objects.requireNonNull(name, "name");
		this.group = Objects.requireNonNull(group, "group");
	}

	/**
	 * Sets the default input buffer capacity of every stage.
	 * @param bufferSize the capacity, at least 1
	 * @return this builder
	 */
	public PipelineBuilder bufferSize(int bufferSize) {
		this.bufferSize = bufferSize;
		return this;
	}

	/**
	 * Sets how many items a worker handles before yielding its loop.
	 * @param batchSize the batch size, at least 1
	 * @return this builder
	 */
	public PipelineBuilder batchSize(int batchSize) {
		this.batchSize = batchSize;
		return this;
	}

	/**
	 * Sets how long a forever extractor that had nothing waits before it is polled again.
	 * @param idlePoll the delay
	 * @return this builder
	 */
	public PipelineBuilder idlePoll(Duration idlePoll) {
		this.idlePoll = Objects.requireNonNull(idlePoll, "idlePoll");
		return this;
	}

	/**
	 * Sets how the stages are placed on the loops.
	 * @param placement the placement
	 * @return this builder
	 */
	public PipelineBuilder placement(StagePlacement placement) {
		this.placement = Objects.requireNonNull(placement, "placement");
		return this;
	}

	/**
	 * Sets clog detection and policy.
	 * @param clog the options
	 * @return this builder
	 */
	public PipelineBuilder clog(ClogOptions clog) {
		this.clog = Objects.requireNonNull(clog, "clog");
		return this;
	}

	/**
	 * Sets the event bus that dead letters are sent on.
	 * @param eventBus the bus
	 * @return this builder
	 */
	public PipelineBuilder eventBus(EventBus eventBus) {
		this.eventBus = eventBus;
		return this;
	}

	/**
	 * Adds a source.
	 * @param <T> the item type
	 * @param name the stage name
	 * @param extractor the extractor
	 * @return the stage, to wire it
	 */
	public <T> StageBuilder extractor(String name, Extractor<T> extractor) {
		return add(name, StageType.EXTRACTOR, extractor, false);
	}

	/**
	 * Adds a transformer.
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param name the stage name
	 * @param transformer the transformer
	 * @return the stage, to wire it
	 */
	public <I, O> StageBuilder transformer(String name, Transformer<I, O> transformer) {
		return add(name, StageType.TRANSFORMER, transformer, false);
	}

	/**
	 * Adds an asynchronous transformer.
	 * @param <I> the input type
	 * @param <O> the output type
	 * @param name the stage name
	 * @param transformer the transformer
	 * @return the stage, to wire it
	 */
	public <I, O> StageBuilder asyncTransformer(String name, AsyncTransformer<I, O> transformer) {
		return add(name, StageType.TRANSFORMER, transformer, true);
	}

	/**
	 * Adds a filter.
	 * @param <T> the item type
	 * @param name the stage name
	 * @param filter the predicate
	 * @return the stage, to wire it
	 */
	public <T> StageBuilder filter(String name, Filter<T> filter) {
		return add(name, StageType.FILTER, filter, false);
	}

	/**
	 * Adds a round-robin balancer.
	 * @param name the stage name
	 * @return the stage, to wire it
	 */
	public StageBuilder balancer(String name) {
		return add(name, StageType.BALANCER, null, false);
	}

	/**
	 * Adds a broadcast to all receivers.
	 * @param name the stage name
	 * @return the stage, to wire it
	 */
	public StageBuilder broadcast(String name) {
		return add(name, StageType.BROADCAST, null, false);
	}

	/**
	 * Adds a funnel that merges its inputs fairly.
	 * @param name the stage name
	 * @return the stage, to wire it
	 */
	public StageBuilder funnel(String name) {
		return add(name, StageType.FUNNEL, null, false);
	}

	/**
	 * Adds a messenger that routes by key.
	 * @param <T> the item type
	 * @param name the stage name
	 * @param messenger the router
	 * @return the stage, to wire it
	 */
	public <T> StageBuilder messenger(String name, Messenger<T> messenger) {
		return add(name, StageType.MESSENGER, messenger, false);
	}

	/**
	 * Adds a sink.
	 * @param <T> the item type
	 * @param name the stage name
	 * @param loader the loader
	 * @return the stage, to configure it
	 */
	public <T> StageBuilder loader(String name, Loader<T> loader) {
		return add(name, StageType.LOADER, loader, false);
	}

	/**
	 * Adds an asynchronous sink.
	 * @param <T> the item type
	 * @param name the stage name
	 * @param loader the loader
	 * @return the stage, to configure it
	 */
	public <T> StageBuilder asyncLoader(String name, AsyncLoader<T> loader) {
		return add(name, StageType.LOADER, loader, true);
	}

	/**
	 * Adds a stage of any type, for declarative wiring: the object is an {@link Extractor},
	 * {@link Transformer}, {@link AsyncTransformer}, {@link Filter}, {@link Messenger},
	 * {@link Loader} or {@link AsyncLoader} matching the type, or {@code null} for a routing stage.
	 * @param name the stage name
	 * @param type the stage type
	 * @param logic the stage object, or {@code null}
	 * @return the stage, to wire it
	 * @throws InvalidPipelineException if the object does not fit the type
	 */
	public StageBuilder stage(String name, StageType type, Object logic) {
		boolean async = logic instanceof AsyncTransformer || logic instanceof AsyncLoader;
		boolean fits = switch (type) {
			case EXTRACTOR -> logic instanceof Extractor;
			case TRANSFORMER -> logic instanceof Transformer || logic instanceof AsyncTransformer;
			case FILTER -> logic instanceof Filter;
			case MESSENGER -> logic instanceof Messenger;
			case LOADER -> logic instanceof Loader || logic instanceof AsyncLoader;
			case BALANCER, BROADCAST, FUNNEL -> logic == null;
		};
		if (!fits) {
			throw new InvalidPipelineException(this.name, "stage '" + name + "' of type "
					+ type.name().toLowerCase(java.util.Locale.ROOT) + " cannot run "
					+ ((logic != null) ? "a " + logic.getClass().getName() : "nothing"));
		}
		return add(name, type, logic, async);
	}

	/**
	 * Validates the topology and creates the pipeline, not yet started.
	 * @return the pipeline
	 * @throws InvalidPipelineException naming the path if the topology is wrong
	 */
	public Pipeline build() {
		validate();
		for (StageDefinition stage : this.stages.values()) {
			if (stage.bufferSize == 0) {
				stage.bufferSize = this.bufferSize;
			}
		}
		return new Pipeline(this.name, this.group, new ArrayList<>(this.stages.values()), this.clog, this.eventBus,
				this.batchSize, this.idlePoll, this.placement);
	}

	private StageBuilder add(String stageName, StageType type, Object logic, boolean async) {
		if (stageName == null || stageName.isBlank()) {
			throw new InvalidPipelineException(this.name, "a stage name must not be empty");
		}
		if (type.needsLogic() && logic == null) {
			throw new InvalidPipelineException(this.name, "stage '" + stageName + "' needs a stage object");
		}
		if (this.stages.containsKey(stageName)) {
			throw new InvalidPipelineException(this.name, "stage '" + stageName + "' is declared twice");
		}
		StageDefinition definition = new StageDefinition(stageName, type, logic, async);
		this.stages.put(stageName, definition);
		return new StageBuilder(definition);
	}

	private InvalidPipelineException invalid(String message) {
		return new InvalidPipelineException(this.name, message);
	}

	private void validate() {
		if (this.bufferSize < 1) {
			throw invalid("buffer size must be at least 1 but was " + this.bufferSize);
		}
		if (this.batchSize < 1) {
			throw invalid("batch size must be at least 1 but was " + this.batchSize);
		}
		if (this.stages.values().stream().noneMatch((s) -> s.type == StageType.EXTRACTOR)) {
			throw invalid("has no extractor");
		}
		Map<String, List<String>> senders = new HashMap<>();
		for (StageDefinition stage : this.stages.values()) {
			validateStage(stage);
			for (String receiver : stage.receivers) {
				StageDefinition target = this.stages.get(receiver);
				if (target == null) {
					throw invalid("stage " + stage.describe() + " sends to unknown stage '" + receiver + "'");
				}
				if (target.type == StageType.EXTRACTOR) {
					throw invalid("stage " + stage.describe() + " sends to extractor '" + receiver
							+ "', which takes no input");
				}
				senders.computeIfAbsent(receiver, (key) -> new ArrayList<>()).add(stage.name);
			}
		}
		checkCycles();
		for (StageDefinition stage : this.stages.values()) {
			if (stage.type != StageType.EXTRACTOR && !senders.containsKey(stage.name)) {
				throw invalid("stage " + stage.describe() + " receives from no stage; no extractor reaches it");
			}
			if (stage.type != StageType.LOADER && stage.receivers.isEmpty()) {
				throw invalid("stage " + stage.describe() + " has no receiver: path " + pathTo(stage.name, senders)
						+ " ends there; add 'to' or make it a loader");
			}
		}
	}

	private void validateStage(StageDefinition stage) {
		if (stage.parallelism < 1) {
			throw invalid("stage " + stage.describe() + " parallelism must be at least 1 but was " + stage.parallelism);
		}
		if (stage.type == StageType.EXTRACTOR && stage.parallelism != 1) {
			throw invalid("stage " + stage.describe() + " parallelism must be 1: an extractor reads one source in order");
		}
		if (stage.bufferSize < 0 || (stage.bufferSize == 0 && this.bufferSize < 1)) {
			throw invalid("stage " + stage.describe() + " buffer size must be at least 1 but was " + stage.bufferSize);
		}
		if (stage.feedbackCapacity < 1) {
			throw invalid("stage " + stage.describe() + " feedback capacity must be at least 1");
		}
		if (stage.type == StageType.LOADER && !stage.receivers.isEmpty()) {
			throw invalid("stage " + stage.describe() + " is a sink and cannot send to " + stage.receivers);
		}
		if (!stage.type.manyReceivers() && stage.receivers.size() > 1) {
			throw invalid("stage " + stage.describe() + " has " + stage.receivers.size() + " receivers "
					+ stage.receivers + "; put a balancer, broadcast or messenger after it");
		}
		if (new HashSet<>(stage.receivers).size() != stage.receivers.size()) {
			throw invalid("stage " + stage.describe() + " names a receiver twice: " + stage.receivers);
		}
		if (stage.blocking && stage.async) {
			throw invalid("stage " + stage.describe() + " is asynchronous and cannot also be blocking");
		}
		if (stage.blocking && !stage.type.needsLogic()) {
			throw invalid("stage " + stage.describe() + " runs no user code and cannot be blocking");
		}
		if (stage.errorAction == ErrorAction.DEAD_LETTER) {
			if (stage.deadLetterAddress == null || stage.deadLetterAddress.isBlank()) {
				throw invalid("stage " + stage.describe() + " sends errors to a dead letter address but names none");
			}
			if (this.eventBus == null) {
				throw invalid("stage " + stage.describe() + " sends errors to dead letter address '"
						+ stage.deadLetterAddress + "' but the pipeline has no event bus");
			}
		}
	}

	private void checkCycles() {
		Map<String, Integer> marks = new HashMap<>();
		for (String start : this.stages.keySet()) {
			if (!marks.containsKey(start)) {
				Deque<String> path = new ArrayDeque<>();
				visit(start, marks, path);
			}
		}
	}

	private void visit(String stage, Map<String, Integer> marks, Deque<String> path) {
		marks.put(stage, 1);
		path.addLast(stage);
		for (String receiver : this.stages.get(stage).receivers) {
			Integer mark = marks.get(receiver);
			if (mark == null) {
				visit(receiver, marks, path);
			}
			else if (mark == 1) {
				List<String> cycle = new ArrayList<>(path);
				cycle = cycle.subList(cycle.indexOf(receiver), cycle.size());
				throw invalid("cycle " + String.join(" -> ", cycle) + " -> " + receiver
						+ "; only a transformer's NeedsMoreWork may feed items back, and only to itself");
			}
		}
		path.removeLast();
		marks.put(stage, 2);
	}

	private String pathTo(String stage, Map<String, List<String>> senders) {
		List<String> path = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		String current = stage;
		while (current != null && seen.add(current)) {
			path.add(0, current);
			List<String> from = senders.get(current);
			current = (from != null) ? from.get(0) : null;
		}
		return String.join(" -> ", path);
	}

	/** Wires and tunes one stage; {@link #and()} returns to the pipeline. */
	public final class StageBuilder {

		private final StageDefinition definition;

		StageBuilder(StageDefinition definition) {
			this.definition = definition;
		}

		/**
		 * Names the stages this one sends to.
		 * @param receivers stage names
		 * @return this stage
		 */
		public StageBuilder to(String... receivers) {
			return to(List.of(receivers));
		}

		/**
		 * Names the stages this one sends to.
		 * @param receivers stage names
		 * @return this stage
		 */
		public StageBuilder to(List<String> receivers) {
			this.definition.receivers.addAll(receivers);
			return this;
		}

		/**
		 * Sets how many workers run the stage; they share its input and are spread over the loops.
		 * Stage objects of a stage with parallelism above 1 must be thread-safe.
		 * @param parallelism the number of workers
		 * @return this stage
		 */
		public StageBuilder parallelism(int parallelism) {
			this.definition.parallelism = parallelism;
			return this;
		}

		/**
		 * Sets the capacity of each of this stage's input buffers.
		 * @param bufferSize the capacity
		 * @return this stage
		 */
		public StageBuilder bufferSize(int bufferSize) {
			if (bufferSize < 1) {
				throw invalid("stage " + this.definition.describe() + " buffer size must be at least 1 but was "
						+ bufferSize);
			}
			this.definition.bufferSize = bufferSize;
			return this;
		}

		/**
		 * Declares that the stage object blocks, so that it runs on the worker pool.
		 * @return this stage
		 */
		public StageBuilder blocking() {
			return blocking(true);
		}

		/**
		 * Declares whether the stage object blocks.
		 * @param blocking whether it runs on the worker pool
		 * @return this stage
		 */
		public StageBuilder blocking(boolean blocking) {
			this.definition.blocking = blocking;
			return this;
		}

		/**
		 * Sets what happens to failed items.
		 * @param action the action
		 * @return this stage
		 */
		public StageBuilder onError(ErrorAction action) {
			this.definition.errorAction = Objects.requireNonNull(action, "action");
			return this;
		}

		/**
		 * Sends failed items as {@link DeadLetter dead letters} to an event-bus address.
		 * @param address the address
		 * @return this stage
		 */
		public StageBuilder deadLetter(String address) {
			this.definition.errorAction = ErrorAction.DEAD_LETTER;
			this.definition.deadLetterAddress = address;
			return this;
		}

		/**
		 * Bounds the {@code NeedsMoreWork} stack of each worker.
		 * @param capacity the most items fed back and waiting; overflowing items are errors
		 * @return this stage
		 */
		public StageBuilder feedbackCapacity(int capacity) {
			this.definition.feedbackCapacity = capacity;
			return this;
		}

		/**
		 * Returns to the pipeline.
		 * @return the pipeline builder
		 */
		public PipelineBuilder and() {
			return PipelineBuilder.this;
		}

	}

}
