package io.fluxor.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running data flow: stages on the event loops (many stages per loop, never a thread per stage)
 * connected by bounded buffers, built with {@link #builder(String, EventLoopGroup)}.
 *
 * <p>Memory is bounded by construction: each edge has a fixed-capacity buffer, an extractor is
 * asked for no more items than its receiver has room for, and a stage whose receiver is full stops
 * taking input. Every item leaves every stage with a counted {@link StageOutcome}.
 *
 * <p>{@link #stop(Duration)} stops extracting and drains what is in flight; a clogged stage (no
 * progress while its input fills) is detected by a shared timer within the configured
 * {@link ClogOptions#timeout()} and handled by the {@link ClogPolicy}.
 */
public final class Pipeline {

	private static final Logger logger = LoggerFactory.getLogger(Pipeline.class);

	private final String name;

	private final EventLoopGroup group;

	private final List<StageRuntime> stages;

	private final Map<String, StageRuntime> stagesByName;

	private final List<StageStatistics> statistics;

	private final ClogOptions clog;

	private final EventBus eventBus;

	private final int batchSize;

	private final long idlePollNanos;

	private final StagePlacement placement;

	private final AtomicLong outstanding = new AtomicLong();

	// Blocking extractors' pulls on the worker pool, counted until their results are handed over.
	private final AtomicInteger pulls = new AtomicInteger();

	private volatile PipelineState state = PipelineState.NEW;

	private volatile Throwable failure;

	private volatile CompletableFuture<PipelineState> termination = new CompletableFuture<>();

	// The number of the current (or last) run, and whether it was halted. Workers compare them with
	// the run they hold items of, on their own loops: see StageWorker#drain().
	private volatile int run;

	private volatile boolean halted;

	// The thread closing the stages of the run that ended, outside the lock; a restart waits for it.
	// Guarded by the lock.
	private Thread closer;

	// The thread opening the extractors of the next run, outside the lock; another start waits for
	// it, and a stop or failure asked for meanwhile is applied to the run once it begins. Guarded by
	// the lock.
	private Thread starter;

	private boolean stopWhenStarted;

	private Throwable failWhenStarted;

	private ScheduledFuture<?> monitor;

	Pipeline(String name, EventLoopGroup group, List<StageDefinition> definitions, ClogOptions clog, EventBus eventBus,
			int batchSize, Duration idlePoll, StagePlacement placement) {
		this.name = name;
		this.group = group;
		this.clog = clog;
		this.eventBus = eventBus;
		this.batchSize = batchSize;
		this.idlePollNanos = Math.max(1, idlePoll.toNanos());
		this.placement = placement;
		Map<String, EventLoop[]> loops = place(definitions, group, placement);
		Map<String, StageRuntime> byName = new LinkedHashMap<>();
		for (StageDefinition definition : definitions) {
			byName.put(definition.name, new StageRuntime(this, definition, loops.get(definition.name)));
		}
		for (StageRuntime stage : byName.values()) {
			StageRuntime[] receivers = stage.definition.receivers.stream()
				.map(byName::get)
				.toArray(StageRuntime[]::new);
			stage.connect(receivers);
		}
		byName.values().forEach(StageRuntime::sealInputs);
		this.stagesByName = Collections.unmodifiableMap(byName);
		this.stages = List.copyOf(byName.values());
		this.statistics = List.copyOf(this.stages);
	}

	/**
	 * Assigns each worker a loop. With {@link StagePlacement#CHAIN}, a single-worker stage whose
	 * only sender is a single-worker stage with one receiver and at most one input joins its
	 * sender's loop; everything else takes the next loop in turn. What follows a fan-in stays on
	 * its own loop, so that the merge is paced by its consumer and not by whichever source shares
	 * its loop. Stages are visited senders first (the topology is acyclic).
	 */
	private static Map<String, EventLoop[]> place(List<StageDefinition> definitions, EventLoopGroup group,
			StagePlacement placement) {
		Map<String, StageDefinition> byName = new LinkedHashMap<>();
		Map<String, List<StageDefinition>> senders = new LinkedHashMap<>();
		for (StageDefinition definition : definitions) {
			byName.put(definition.name, definition);
			senders.put(definition.name, new ArrayList<>());
		}
		for (StageDefinition definition : definitions) {
			for (String receiver : definition.receivers) {
				senders.get(receiver).add(definition);
			}
		}
		Map<String, EventLoop[]> assigned = new LinkedHashMap<>();
		int loops = group.size();
		int next = 0;
		List<StageDefinition> pending = new ArrayList<>(definitions);
		while (!pending.isEmpty()) {
			boolean progressed = false;
			for (Iterator<StageDefinition> it = pending.iterator(); it.hasNext();) {
				StageDefinition definition = it.next();
				List<StageDefinition> from = senders.get(definition.name);
				if (!from.stream().allMatch((sender) -> assigned.containsKey(sender.name))) {
					continue;
				}
				EventLoop[] workers = new EventLoop[definition.parallelism];
				if (placement == StagePlacement.CHAIN && workers.length == 1 && from.size() == 1
						&& from.get(0).parallelism == 1 && from.get(0).receivers.size() == 1
						&& senders.get(from.get(0).name).size() <= 1) {
					workers[0] = assigned.get(from.get(0).name)[0];
				}
				else {
					for (int i = 0; i < workers.length; i++) {
						// Spread the workers over the loops so that parallel workers and branches overlap.
						workers[i] = group.loop(next++ % loops);
					}
				}
				assigned.put(definition.name, workers);
				it.remove();
				progressed = true;
			}
			if (!progressed) {
				throw new IllegalStateException("Pipeline stages form a cycle: " + pending);
			}
		}
		return assigned;
	}

	/**
	 * Starts declaring a pipeline.
	 * @param name the pipeline name, used in metrics and logs
	 * @param group the loops its stages run on
	 * @return a builder
	 */
	public static PipelineBuilder builder(String name, EventLoopGroup group) {
		return new PipelineBuilder(name, group);
	}

	/**
	 * Returns the name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the state.
	 * @return the state
	 */
	public PipelineState state() {
		return this.state;
	}

	/**
	 * Returns why the pipeline failed, if it did.
	 * @return the failure, or {@code null}
	 */
	public Throwable failure() {
		return this.failure;
	}

	/**
	 * Returns how many items were extracted (or fed back, or broadcast) and not yet finished, plus
	 * one per extractor that is still reading.
	 * @return the outstanding count
	 */
	public long outstanding() {
		return this.outstanding.get();
	}

	/**
	 * Returns the live statistics of every stage, in declaration order.
	 * @return the stages
	 */
	public List<StageStatistics> stages() {
		return this.statistics;
	}

	/**
	 * Returns the live statistics of a stage.
	 * @param stage the stage name
	 * @return the statistics, or {@code null} if there is no such stage
	 */
	public StageStatistics stage(String stage) {
		return this.stagesByName.get(stage);
	}

	/**
	 * Returns a future that completes with the terminal state of the current (or next) run.
	 * @return the termination
	 */
	public CompletableFuture<PipelineState> whenTerminated() {
		return this.termination;
	}

	/**
	 * Returns a point-in-time view of the pipeline and its stages.
	 * @return the snapshot
	 */
	public PipelineSnapshot snapshot() {
		List<StageSnapshot> snapshots = new ArrayList<>(this.stages.size());
		for (StageRuntime stage : this.stages) {
			snapshots.add(stage.snapshot());
		}
		Throwable cause = this.failure;
		return new PipelineSnapshot(this.name, this.state, this.outstanding.get(),
				(cause != null) ? cause.toString() : null, List.copyOf(snapshots));
	}

	/**
	 * Starts (or starts again, after it ended) extracting and processing. Does nothing while it runs.
	 * A restart waits until the stages of the run that ended are closed and the pulls of blocking
	 * extractors that it left running have returned (their items are abandoned, counted): an
	 * extractor is not opened again, nor called by two pulls at once, while an old pull still reads.
	 * An extractor's {@code close()} should make a blocked pull return. An extractor that cannot be
	 * opened fails the run: the pipeline reports {@link PipelineState#FAILED} with the cause as its
	 * {@link #failure()}, the run's {@link #whenTerminated() termination} completes and the extractor
	 * counts an error. Extractors are opened without holding the pipeline's lock, so an
	 * {@code open()} may wait for a thread that stops or fails the pipeline (the run then stops or
	 * fails as soon as it begins); another {@code start()} meanwhile waits for this one.
	 * @throws IllegalStateException if the event loops do not run, an extractor cannot be opened, or
	 * it is called from a stage's {@code close()} or an extractor's {@code open()} (or interrupted
	 * while it waits for the closing)
	 */
	public void start() {
		List<StageRuntime> extractors;
		synchronized (this) {
			awaitWoundUp();
			if (isLive()) {
				return;
			}
			if (!this.group.isRunning()) {
				throw new IllegalStateException("Pipeline '" + this.name + "' cannot start: its event loops are not running");
			}
			if (this.state != PipelineState.NEW) {
				this.termination = new CompletableFuture<>();
			}
			extractors = this.stages.stream().filter((s) -> s.type == StageType.EXTRACTOR).toList();
			this.starter = Thread.currentThread();
			this.stopWhenStarted = false;
			this.failWhenStarted = null;
		}
		// Outside the lock: open() is user code that may wait for a thread calling into the pipeline.
		for (int i = 0; i < extractors.size(); i++) {
			StageRuntime extractor = extractors.get(i);
			try {
				((Extractor<?>) extractor.definition.logic).open();
			}
			catch (Exception ex) {
				failToOpen(extractor, extractors.subList(0, i), ex);
				throw new IllegalStateException("Pipeline '" + this.name + "' cannot open extractor '" + extractor.name
						+ "': " + ex, ex);
			}
		}
		Throwable failWhenStarted;
		synchronized (this) {
			this.starter = null;
			notifyAll();
			long now = System.nanoTime();
			for (StageRuntime stage : this.stages) {
				stage.resetClog(now);
			}
			// In this order: a worker that sees the new run live sees its number too.
			this.run++;
			this.halted = false;
			this.failure = null;
			this.outstanding.set(extractors.size());
			this.state = this.stopWhenStarted ? PipelineState.STOPPING : PipelineState.RUNNING;
			failWhenStarted = this.failWhenStarted;
			long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), this.clog.timeout().toNanos() / 4);
			this.monitor = PipelineTimer.every(this::checkClogs, period);
			for (StageRuntime extractor : extractors) {
				extractor.wakeAll();
			}
		}
		logger.debug("Pipeline '{}' started with {} stages on {} loops", this.name, this.stages.size(),
				this.group.size());
		if (failWhenStarted != null) {
			fail(failWhenStarted);
		}
	}

	/**
	 * Waits (the lock released meanwhile) until no stage of the run that ended is being closed and
	 * no pull of a blocking extractor is left running by it.
	 */
	private void awaitWoundUp() {
		if (this.closer == Thread.currentThread()) {
			throw new IllegalStateException("Pipeline '" + this.name + "' cannot start from the close() of one of its "
					+ "stages: the run that ended is still closing");
		}
		if (this.starter == Thread.currentThread()) {
			throw new IllegalStateException("Pipeline '" + this.name + "' cannot start from the open() of one of its "
					+ "extractors: the run is still starting");
		}
		while (this.starter != null || this.closer != null || (this.pulls.get() > 0 && !isLive())) {
			try {
				wait();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Pipeline '" + this.name
						+ "' was interrupted while waiting for its last run to wind up", ex);
			}
		}
	}

	/**
	 * Ends a run that could not start: the failure is counted as an error of the extractor, the
	 * extractors opened before it are closed and the run's termination completes with
	 * {@link PipelineState#FAILED}.
	 */
	private void failToOpen(StageRuntime extractor, List<StageRuntime> opened, Exception cause) {
		extractor.add(StageOutcome.ERROR);
		for (StageRuntime stage : opened) {
			close(stage);
		}
		CompletableFuture<PipelineState> ending;
		synchronized (this) {
			this.starter = null;
			notifyAll();
			this.failure = cause;
			this.state = PipelineState.FAILED;
			ending = this.termination;
		}
		ending.complete(PipelineState.FAILED);
	}

	/**
	 * Stops extracting and waits for the items in flight to be handled; what is left when the
	 * timeout elapses is abandoned (counted).
	 * @param timeout how long to drain
	 * @return the terminal state: {@link PipelineState#STOPPED} (or {@code COMPLETED}/{@code FAILED}
	 * if the run had ended before, returned at once, though its stages may still be closing; and
	 * {@code STOPPED} at once while a run is starting, which then stops as soon as it begins)
	 */
	public PipelineState stop(Duration timeout) {
		CompletableFuture<PipelineState> ending;
		synchronized (this) {
			if (this.starter != null) {
				this.stopWhenStarted = true;
				return PipelineState.STOPPED;
			}
			if (this.state != PipelineState.RUNNING && this.state != PipelineState.STOPPING) {
				return this.state;
			}
			ending = this.termination;
			if (this.state == PipelineState.RUNNING) {
				this.state = PipelineState.STOPPING;
				for (StageRuntime stage : this.stages) {
					if (stage.type == StageType.EXTRACTOR) {
						stage.wakeAll();
					}
				}
			}
		}
		try {
			return ending.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Pipeline '{}' did not drain within {}; abandoning {} items", this.name, timeout,
					this.outstanding.get());
			halt(PipelineState.STOPPED, null);
			return this.state;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			halt(PipelineState.STOPPED, null);
			return this.state;
		}
		catch (ExecutionException ex) {
			return this.state;
		}
	}

	/**
	 * Fails the pipeline: it stops at once, abandoning (and counting) what is in flight.
	 * @param cause why
	 */
	public void fail(Throwable cause) {
		if (halt(PipelineState.FAILED, cause)) {
			logger.error("Pipeline '{}' failed", this.name, cause);
		}
	}

	/**
	 * Ends the run at once. Its inputs are emptied under the lock and its stages closed after it, and
	 * a restart begins only once they are; no worker still busy with the halted run goes on into the
	 * next one: each abandons what it holds of it when it sees the halt.
	 */
	private boolean halt(PipelineState end, Throwable cause) {
		CompletableFuture<PipelineState> ending;
		synchronized (this) {
			if (this.starter != null && end == PipelineState.FAILED && this.failWhenStarted == null) {
				this.failWhenStarted = cause;
			}
			if (this.state != PipelineState.RUNNING && this.state != PipelineState.STOPPING) {
				return false;
			}
			this.failure = cause;
			this.state = end;
			this.halted = true;
			for (StageRuntime stage : this.stages) {
				for (StageWorker worker : stage.workers) {
					worker.schedule();
				}
			}
			for (StageRuntime stage : this.stages) {
				stage.drainInputs(StageOutcome.ABANDONED);
			}
			this.outstanding.set(0);
			ending = windUp();
		}
		closeStages(end, ending);
		return true;
	}

	int run() {
		return this.run;
	}

	private boolean isLive() {
		return this.state == PipelineState.RUNNING || this.state == PipelineState.STOPPING;
	}

	void pullStarted() {
		this.pulls.incrementAndGet();
	}

	/**
	 * Called by a blocking extractor's pull once its result is handed over; the last pull of a run
	 * that ended lets a waiting restart begin. A restart waits only while the run is not live, and
	 * that is set before it looks at the count, so this sees it after taking the count to zero.
	 */
	void pullReturned() {
		if (this.pulls.decrementAndGet() == 0 && !isLive()) {
			synchronized (this) {
				notifyAll();
			}
		}
	}

	boolean halted() {
		return this.halted;
	}

	void loopGone(Throwable cause) {
		PipelineState current = this.state;
		if (current == PipelineState.RUNNING || current == PipelineState.STOPPING) {
			fail(cause);
		}
	}

	void itemsAdded(long n) {
		this.outstanding.addAndGet(n);
	}

	void itemsDone(long n) {
		if (this.outstanding.addAndGet(-n) == 0) {
			drained();
		}
	}

	private void drained() {
		PipelineState end;
		CompletableFuture<PipelineState> ending;
		synchronized (this) {
			if (this.outstanding.get() != 0) {
				return;
			}
			if (this.state == PipelineState.RUNNING) {
				end = PipelineState.COMPLETED;
			}
			else if (this.state == PipelineState.STOPPING) {
				end = PipelineState.STOPPED;
			}
			else {
				return;
			}
			this.state = end;
			ending = windUp();
		}
		closeStages(end, ending);
	}

	/**
	 * Stops the clog checks of the run that ended and marks its stages as closing, under the lock;
	 * returns its termination, which {@link #closeStages} completes.
	 */
	private CompletableFuture<PipelineState> windUp() {
		ScheduledFuture<?> check = this.monitor;
		if (check != null) {
			check.cancel(false);
		}
		long now = System.nanoTime();
		for (StageRuntime stage : this.stages) {
			stage.resetClog(now);
		}
		this.closer = Thread.currentThread();
		return this.termination;
	}

	/**
	 * Closes the stages of the run that ended without holding the lock, since their {@code close()}
	 * is user code that may call back into the pipeline, possibly from another thread it waits for;
	 * then lets a waiting restart begin and completes the run's termination, in this order, so that
	 * whatever the termination triggers may start the pipeline again.
	 */
	private void closeStages(PipelineState end, CompletableFuture<PipelineState> ending) {
		try {
			for (StageRuntime stage : this.stages) {
				close(stage);
			}
		}
		finally {
			synchronized (this) {
				this.closer = null;
				notifyAll();
			}
		}
		logger.debug("Pipeline '{}' {}", this.name, end);
		ending.complete(end);
	}

	private void close(StageRuntime stage) {
		try {
			if (stage.definition.logic instanceof Extractor<?> extractor) {
				extractor.close();
			}
			else if (stage.definition.logic instanceof Loader<?> loader) {
				loader.close();
			}
			else if (stage.definition.logic instanceof AsyncLoader<?>
					&& stage.definition.logic instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
		catch (Exception ex) {
			logger.warn("Pipeline '{}' stage '{}' failed to close", this.name, stage.name, ex);
		}
	}

	private void checkClogs() {
		PipelineState current = this.state;
		if (current != PipelineState.RUNNING && current != PipelineState.STOPPING) {
			return;
		}
		long now = System.nanoTime();
		for (StageRuntime stage : this.stages) {
			if (stage.type != StageType.EXTRACTOR) {
				try {
					stage.checkClog(now, this.clog);
				}
				catch (RuntimeException ex) {
					logger.error("Pipeline '{}' clog check of '{}' failed", this.name, stage.name, ex);
				}
			}
		}
	}

	void attachMetrics(PipelineMetrics metrics) {
		for (StageRuntime stage : this.stages) {
			stage.latency = metrics.latencyRecorder(this.name, stage.name);
		}
	}

	EventLoopGroup group() {
		return this.group;
	}

	EventBus eventBus() {
		return this.eventBus;
	}

	int batchSize() {
		return this.batchSize;
	}

	/**
	 * Returns how the stages are placed on the loops.
	 * @return the placement
	 */
	public StagePlacement placement() {
		return this.placement;
	}

	long idlePollNanos() {
		return this.idlePollNanos;
	}

	/**
	 * Returns the clog options.
	 * @return the options
	 */
	public ClogOptions clogOptions() {
		return this.clog;
	}

	@Override
	public String toString() {
		return "Pipeline '" + this.name + "' " + this.state;
	}

}
