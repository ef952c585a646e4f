package io.fluxor.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.LoopRejectedException;
import io.fluxor.eventloop.LoopTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker of a stage, pinned to one event loop: a reusable {@link LoopTask} that drains the
 * stage's inputs in batches, calls the stage object and hands results to the receivers' buffers.
 *
 * <p>Scheduling uses a work-in-progress counter: whoever makes work for the worker (an upstream
 * offer, a freed downstream slot, an async completion, the timer) increments it, and only the
 * increment from zero dispatches the task, so a worker is queued on its loop at most once. A worker
 * that has used its batch re-dispatches itself so that other stages on the same loop get their turn.
 *
 * <p>When a receiver's buffer is full the worker keeps the item in its small outbox, registers as a
 * waiter and returns; it takes no new input until the receiver frees a slot and wakes it. A
 * transformer's {@code NeedsMoreWork} items go to a per-worker stack that is drained before new
 * input and never waits on a buffer, so feedback cannot deadlock: the only waits are along forward
 * edges, which form an acyclic graph.
 */
final class StageWorker implements LoopTask<StageWorker> {

	private static final Logger logger = LoggerFactory.getLogger(StageWorker.class);

	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final int EXTRACT_ROUNDS = 4;

	/**
	 * One item in this many of a synchronous stage is timed: two clock reads and a timer update per
	 * item would cost more than many stages' own work, and a sample describes the distribution.
	 */
	static final int LATENCY_SAMPLE_INTERVAL = 16;

	private static final VarHandle WIP;

	private static final VarHandle TAKEN;

	private static final VarHandle PROCESSED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			WIP = lookup.findVarHandle(StageWorker.class, "wip", int.class);
			TAKEN = lookup.findVarHandle(StageWorker.class, "taken", long.class);
			PROCESSED = lookup.findVarHandle(StageWorker.class, "processed", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final StageRuntime stage;

	private final Pipeline pipeline;

	private final EventLoop loop;

	private final StageType type;

	private final Object logic;

	private final boolean async;

	private final boolean blocking;

	private final Consumer<Object> emitter = this::emitExtracted;

	private volatile int wip;

	// Written by the loop thread only, read by monitors with opaque reads.
	private long taken;

	private long processed;

	// Loop-confined state.
	private Object[] outItems = new Object[8];

	private int[] outTargets = new int[8];

	private int outHead;

	private int outTail;

	private boolean[] pendingWakes;

	private boolean anyPendingWake;

	private ArrayDeque<Object> feedback;

	// Items taken from an input in one claim and not yet handled; see takeLimit().
	private Object[] inbox;

	private int inboxHead;

	private int inboxCount;

	private int inputCursor;

	private int balanceCursor;

	private int demand;

	private int latencyTicks;

	private int emitted;

	private boolean asyncPending;

	// Items finished during this run, handed to the pipeline's shared count once per run.
	private long finished;

	private Object asyncItem;

	private long asyncStartNanos;

	private int asyncDemand;

	// Async completion hand-off: value and error written before the volatile flag.
	private Object asyncValue;

	private Throwable asyncError;

	private volatile boolean asyncDone;

	volatile boolean inFlight;

	volatile boolean blocked;

	volatile boolean extractorDone;

	// The run of the pipeline whose items this worker holds; loop-confined.
	private int run;

	private volatile boolean resetRequested;

	// The run a requested reset is for, written before resetRequested.
	private volatile int resetRun;

	private volatile int generation;

	StageWorker(StageRuntime stage, EventLoop loop, int index) {
		this.stage = stage;
		this.pipeline = stage.pipeline;
		this.loop = loop;
		this.type = stage.type;
		this.logic = stage.definition.logic;
		this.async = stage.definition.async;
		this.blocking = stage.definition.blocking;
	}

	EventLoop loop() {
		return this.loop;
	}

	long taken() {
		return (long) TAKEN.getOpaque(this);
	}

	long processed() {
		return (long) PROCESSED.getOpaque(this);
	}

	boolean busy() {
		return this.wip != 0 || this.inFlight;
	}

	/** Resets the worker for a new run, on its loop, before it takes part in the run. */
	private void prepareRun(int run) {
		this.run = run;
		this.generation++;
		this.finished = 0;
		this.blocked = false;
		this.inFlight = false;
		this.extractorDone = false;
		this.asyncPending = false;
		this.asyncItem = null;
		this.asyncDone = false;
		while (this.outHead != this.outTail) {
			this.outItems[this.outHead++ & (this.outItems.length - 1)] = null;
		}
		if (this.feedback != null) {
			this.feedback.clear();
		}
		clearInbox();
		this.pendingWakes = new boolean[(this.stage.receivers != null) ? this.stage.receivers.length : 0];
	}

	/**
	 * Abandons the item the worker is stuck on and lets it go on; called by the clog policy for a
	 * run, and done on the loop only if the worker is still in that run.
	 */
	void restart(int run) {
		this.resetRun = run;
		this.resetRequested = true;
		schedule();
	}

	/** Makes the worker run (again) on its loop. */
	void schedule() {
		if ((int) WIP.getAndAdd(this, 1) == 0) {
			submit();
		}
	}

	private void submit() {
		try {
			this.loop.dispatch(this, this);
		}
		catch (LoopRejectedException ex) {
			if (ex.reason() == LoopRejectedException.Reason.FULL) {
				// The loop's ring is full of other work: try again shortly, still holding the wip.
				PipelineTimer.schedule(this::submit, RETRY_NANOS);
			}
			else {
				WIP.setVolatile(this, 0);
				this.pipeline.loopGone(ex);
			}
		}
	}

	@Override
	public void run(StageWorker self) {
		int missed = this.wip;
		for (;;) {
			boolean more;
			try {
				more = drain();
			}
			catch (Throwable ex) {
				logger.error("Pipeline '{}' stage '{}' worker failed unexpectedly", this.pipeline.name(),
						this.stage.name, ex);
				more = false;
			}
			flushFinished();
			flushWakes();
			if (more) {
				submit();
				return;
			}
			missed = (int) WIP.getAndAdd(this, -missed) - missed;
			if (missed == 0) {
				return;
			}
		}
	}

	@Override
	public void abandon(StageWorker self, Throwable cause) {
		WIP.setVolatile(this, 0);
		this.pipeline.loopGone(cause);
	}

	private boolean drain() {
		if (this.pipeline.halted()) {
			abandonLocal();
			return false;
		}
		int current = this.pipeline.run();
		if (this.run != current) {
			// The run it held items of ended: what is left of them goes nowhere else.
			abandonHeld();
			prepareRun(current);
		}
		if (this.resetRequested) {
			this.resetRequested = false;
			if (this.resetRun == this.run) {
				reset();
			}
		}
		if (this.type == StageType.EXTRACTOR) {
			return drainExtractor();
		}
		int budget = this.pipeline.batchSize();
		for (;;) {
			// Looked at before anything is handed on: an item of a halted run must not reach the next one.
			if (leftRun()) {
				return abandonRun();
			}
			if (this.asyncPending) {
				if (!this.asyncDone) {
					return false;
				}
				completeAsync();
			}
			// Results of a taken run go out together, when the run is handled (or the batch is used);
			// a worker that found its receiver full tries again before it handles anything more.
			if (this.outHead != this.outTail
					&& (this.inboxHead >= this.inboxCount || budget == 0 || this.blocked) && !flush()) {
				return false;
			}
			if (budget-- == 0) {
				return true;
			}
			Object item = nextItem(budget);
			if (item == null) {
				idle();
				return false;
			}
			TAKEN.setOpaque(this, this.taken + 1);
			handle(item);
		}
	}

	private void reset() {
		// A late completion of the abandoned call is ignored.
		this.generation++;
		this.blocked = false;
		if (this.asyncPending) {
			this.asyncPending = false;
			this.inFlight = false;
			this.asyncItem = null;
			if (this.type == StageType.EXTRACTOR) {
				done(this.asyncDemand);
			}
			else {
				this.stage.add(StageOutcome.ABANDONED);
				done(1);
			}
		}
	}

	private Object nextItem(int budget) {
		ArrayDeque<Object> stack = this.feedback;
		if (stack != null && !stack.isEmpty()) {
			return stack.pollLast();
		}
		if (this.inboxHead < this.inboxCount) {
			Object item = this.inbox[this.inboxHead];
			this.inbox[this.inboxHead++] = null;
			return item;
		}
		int limit = takeLimit(budget);
		BoundedBuffer[] inputs = this.stage.inputs;
		int n = inputs.length;
		for (int k = 0; k < n; k++) {
			int i = this.inputCursor + k;
			if (i >= n) {
				i -= n;
			}
			BoundedBuffer input = inputs[i];
			Object item;
			if (limit == 1) {
				item = input.poll();
			}
			else {
				int taken = input.poll(this.inbox, limit);
				item = (taken > 0) ? this.inbox[0] : null;
				if (taken > 0) {
					this.inbox[0] = null;
					this.inboxHead = 1;
					this.inboxCount = taken;
				}
			}
			if (item != null) {
				this.inputCursor = (i + 1 == n) ? 0 : i + 1;
				if (input.waiters != 0) {
					input.waiters = 0;
					input.producer.wakeAll();
				}
				return item;
			}
		}
		return null;
	}

	/**
	 * Returns how many items to take from an input in one claim: one for an async or blocking stage
	 * (it handles them one by one, across runs) or a stage with several inputs, otherwise what is left of the batch, but no more
	 * than the receivers have room for right now. Each item of a synchronous stage yields at most one
	 * item per receiver, so a taken run is normally handled within this run: items leave the input
	 * only when there is room for them downstream, and memory stays bounded by the buffers as before
	 * (a run is held back, by this worker, only when feedback or a competing worker took that room).
	 */
	private int takeLimit(int budget) {
		if (this.async || this.blocking || this.stage.inputs.length > 1) {
			// A stage with several inputs takes one item per input in turn: fair merging, item by item.
			return 1;
		}
		if (this.inbox == null) {
			this.inbox = new Object[Math.min(this.pipeline.batchSize(), 1024)];
		}
		int limit = Math.min(budget + 1, this.inbox.length);
		BoundedBuffer[] outputs = this.stage.outputs;
		if (outputs != null) {
			for (BoundedBuffer output : outputs) {
				limit = Math.min(limit, output.remaining());
			}
		}
		return Math.max(1, limit);
	}

	private int clearInbox() {
		int held = this.inboxCount - this.inboxHead;
		while (this.inboxHead < this.inboxCount) {
			this.inbox[this.inboxHead++] = null;
		}
		this.inboxHead = 0;
		this.inboxCount = 0;
		return held;
	}

	private void idle() {
		if (this.type == StageType.LOADER && !this.async && !this.blocking) {
			try {
				((Loader<?>) this.logic).flush();
			}
			catch (Exception ex) {
				logger.warn("Pipeline '{}' loader '{}' failed to flush", this.pipeline.name(), this.stage.name, ex);
			}
		}
	}

	private void handle(Object item) {
		switch (this.type) {
			case BALANCER -> {
				countProcessed(1);
				emit(selectBalanced(), item);
				return;
			}
			case BROADCAST -> {
				int n = this.stage.receivers.length;
				if (n > 1) {
					this.pipeline.itemsAdded(n - 1);
				}
				countProcessed(1);
				for (int i = 0; i < n; i++) {
					emit(i, item);
				}
				return;
			}
			case FUNNEL -> {
				countProcessed(1);
				emit(0, item);
				return;
			}
			default -> {
			}
		}
		LatencyRecorder latency = this.stage.latency;
		long start = 0;
		if (latency != null
				&& (this.async || this.blocking || (++this.latencyTicks & (LATENCY_SAMPLE_INTERVAL - 1)) == 0)) {
			start = System.nanoTime();
		}
		if (this.blocking) {
			CompletableFuture<Object> result;
			try {
				result = this.pipeline.group().executeBlocking(() -> invokeBlocking(item));
			}
			catch (RuntimeException ex) {
				finishFailed(item, ex);
				return;
			}
			awaitAsync(item, result, start);
			return;
		}
		Object value;
		try {
			value = invoke(item);
		}
		catch (Throwable ex) {
			finishFailed(item, ex);
			return;
		}
		if (this.async) {
			if (value == null) {
				finishFailed(item, new NullPointerException("Stage '" + this.stage.name + "' returned no future"));
				return;
			}
			awaitAsync(item, (CompletionStage<?>) value, start);
			return;
		}
		onResult(item, value);
		if (start != 0) {
			latency.record(System.nanoTime() - start);
		}
	}

	private void awaitAsync(Object item, CompletionStage<?> result, long start) {
		expectAsync(item, start);
		int expected = this.generation;
		result.whenComplete((value, error) -> completed(expected, value, error));
	}

	private void expectAsync(Object item, long start) {
		this.asyncPending = true;
		this.inFlight = true;
		this.asyncDone = false;
		this.asyncItem = item;
		this.asyncStartNanos = start;
	}

	private void completed(int expected, Object value, Throwable error) {
		if (expected != this.generation) {
			return;
		}
		this.asyncValue = value;
		this.asyncError = error;
		this.asyncDone = true;
		schedule();
	}

	private void completeAsync() {
		this.asyncPending = false;
		this.inFlight = false;
		Object item = this.asyncItem;
		Object value = this.asyncValue;
		Throwable error = this.asyncError;
		this.asyncItem = null;
		this.asyncValue = null;
		this.asyncError = null;
		if (error != null) {
			finishFailed(item, unwrap(error));
		}
		else {
			onResult(item, value);
		}
		LatencyRecorder latency = this.stage.latency;
		if (latency != null && this.asyncStartNanos != 0) {
			latency.record(System.nanoTime() - this.asyncStartNanos);
		}
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

	/**
	 * Runs a blocking stage's call on the worker pool. A blocking loader is flushed there too, after
	 * the load that leaves its input empty: {@link #idle()} runs on the loop and must not flush a
	 * loader declared blocking, and the flush stays serial with the loads of this worker.
	 */
	private Object invokeBlocking(Object item) throws Exception {
		Object result = invoke(item);
		if (this.type == StageType.LOADER && this.stage.buffered() == 0) {
			try {
				((Loader<?>) this.logic).flush();
			}
			catch (Exception ex) {
				logger.warn("Pipeline '{}' loader '{}' failed to flush", this.pipeline.name(), this.stage.name, ex);
			}
		}
		return result;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Object invoke(Object item) throws Exception {
		return switch (this.type) {
			case TRANSFORMER -> this.async ? ((AsyncTransformer) this.logic).transform(item)
					: ((Transformer) this.logic).transform(item);
			case FILTER -> ((Filter) this.logic).accept(item);
			case MESSENGER -> ((Messenger) this.logic).route(item);
			case LOADER -> {
				if (this.async) {
					yield ((AsyncLoader) this.logic).load(item);
				}
				((Loader) this.logic).load(item);
				yield Boolean.TRUE;
			}
			default -> throw new IllegalStateException("No stage object for " + this.type);
		};
	}

	private void onResult(Object item, Object value) {
		switch (this.type) {
			case TRANSFORMER -> {
				if (value instanceof TransformerResult.Transformed<?, ?> transformed) {
					countProcessed(1);
					emit(0, transformed.value());
				}
				else if (value instanceof TransformerResult.NeedsMoreWork<?, ?> needsMoreWork) {
					this.stage.add(StageOutcome.FEEDBACK);
					feedBack(needsMoreWork.items());
				}
				else if (value instanceof TransformerResult.Error<?, ?> failure) {
					finishFailed(item, failure.error());
				}
				else {
					finishFailed(item, new NullPointerException("Transformer '" + this.stage.name + "' returned null"));
				}
			}
			case FILTER -> {
				if (Boolean.TRUE.equals(value)) {
					countProcessed(1);
					emit(0, item);
				}
				else {
					this.stage.add(StageOutcome.FILTERED);
					done(1);
				}
			}
			case MESSENGER -> {
				Integer target = (value != null) ? this.stage.routes.get(value) : null;
				if (target == null) {
					finishFailed(item, new IllegalArgumentException("Messenger '" + this.stage.name + "' chose '" + value
							+ "', which is none of its receivers " + this.stage.routes.keySet()));
				}
				else {
					countProcessed(1);
					emit(target, item);
				}
			}
			case LOADER -> {
				countProcessed(1);
				done(1);
			}
			default -> throw new IllegalStateException("No result expected from " + this.type);
		}
	}

	private void feedBack(List<?> items) {
		int n = items.size();
		if (n == 0) {
			done(1);
			return;
		}
		if (n > 1) {
			this.pipeline.itemsAdded(n - 1);
		}
		if (this.feedback == null) {
			this.feedback = new ArrayDeque<>();
		}
		int room = this.stage.definition.feedbackCapacity - this.feedback.size();
		// Pushed in reverse so that the first item is the next one taken: depth-first, in order.
		for (int i = n - 1; i >= 0; i--) {
			Object child = items.get(i);
			if (i >= room || child == null) {
				finishFailed(child, new IllegalStateException("Transformer '" + this.stage.name
						+ "' fed back more than its feedback capacity of " + this.stage.definition.feedbackCapacity
						+ " items"));
			}
			else {
				this.feedback.addLast(child);
			}
		}
	}

	/**
	 * Counts items as finished. The shared count only hears of them at the end of the run: a late
	 * decrement can only delay the pipeline's completion, never signal it early, and it saves a
	 * contended atomic per item.
	 */
	private void done(long n) {
		this.finished += n;
	}

	private void flushFinished() {
		long n = this.finished;
		if (n != 0) {
			this.finished = 0;
			if (!leftRun()) {
				this.pipeline.itemsDone(n);
			}
		}
	}

	/** Returns whether the run this worker holds items of was halted or followed by another. */
	private boolean leftRun() {
		// Halted first: a worker that sees a new run live sees its number too.
		return this.pipeline.halted() || this.run != this.pipeline.run();
	}

	/**
	 * Abandons what this worker holds of a run it left; returns whether to run again, to take part
	 * in the run that followed it.
	 */
	private boolean abandonRun() {
		if (this.pipeline.halted()) {
			abandonLocal();
			return false;
		}
		abandonHeld();
		return true;
	}

	private void finishFailed(Object item, Throwable error) {
		this.stage.fail(this, item, error);
		done(1);
	}

	private int selectBalanced() {
		BoundedBuffer[] outputs = this.stage.outputs;
		int n = outputs.length;
		int start = this.balanceCursor;
		this.balanceCursor = (start + 1 == n) ? 0 : start + 1;
		for (int k = 0; k < n; k++) {
			int i = start + k;
			if (i >= n) {
				i -= n;
			}
			if (outputs[i].remaining() > 0) {
				if (k > 0) {
					this.balanceCursor = (i + 1 == n) ? 0 : i + 1;
				}
				return i;
			}
		}
		return start;
	}

	private void countProcessed(long n) {
		PROCESSED.setOpaque(this, this.processed + n);
	}

	private void emit(int target, Object item) {
		int length = this.outItems.length;
		if (this.outTail - this.outHead == length) {
			growOutbox();
			length = this.outItems.length;
		}
		int slot = this.outTail & (length - 1);
		this.outItems[slot] = item;
		this.outTargets[slot] = target;
		this.outTail++;
	}

	private void growOutbox() {
		int length = this.outItems.length;
		Object[] items = new Object[length * 2];
		int[] targets = new int[length * 2];
		int size = this.outTail - this.outHead;
		for (int i = 0; i < size; i++) {
			int slot = (this.outHead + i) & (length - 1);
			items[i] = this.outItems[slot];
			targets[i] = this.outTargets[slot];
		}
		this.outItems = items;
		this.outTargets = targets;
		this.outHead = 0;
		this.outTail = size;
	}

	private boolean flush() {
		StageRuntime[] receivers = this.stage.receivers;
		BoundedBuffer[] outputs = this.stage.outputs;
		int mask = this.outItems.length - 1;
		while (this.outHead != this.outTail) {
			int slot = this.outHead & mask;
			int target = this.outTargets[slot];
			StageRuntime receiver = receivers[target];
			if (receiver.shedding) {
				receiver.add(StageOutcome.SHED);
				done(1);
				this.outItems[slot] = null;
				this.outHead++;
				continue;
			}
			// The run of items for the same receiver goes in with one claim.
			int run = 1;
			while (this.outHead + run != this.outTail && this.outTargets[(this.outHead + run) & mask] == target) {
				run++;
			}
			BoundedBuffer output = outputs[target];
			int put = output.offer(this.outItems, this.outHead, run, mask);
			if (put == 0) {
				// Register, then look again: either the consumer sees the flag after it frees a
				// slot, or this second offer sees the freed slot.
				output.waiters = 1;
				VarHandle.fullFence();
				put = output.offer(this.outItems, this.outHead, run, mask);
				if (put == 0) {
					this.blocked = true;
					return false;
				}
			}
			for (int i = 0; i < put; i++) {
				this.outItems[(this.outHead + i) & mask] = null;
			}
			this.outHead += put;
			this.pendingWakes[target] = true;
			this.anyPendingWake = true;
		}
		this.blocked = false;
		return true;
	}

	private void flushWakes() {
		if (this.anyPendingWake) {
			this.anyPendingWake = false;
			boolean[] wakes = this.pendingWakes;
			StageRuntime[] receivers = this.stage.receivers;
			for (int i = 0; i < wakes.length; i++) {
				if (wakes[i]) {
					wakes[i] = false;
					receivers[i].wake();
				}
			}
		}
	}

	private boolean drainExtractor() {
		int rounds = EXTRACT_ROUNDS;
		for (;;) {
			if (leftRun()) {
				return abandonRun();
			}
			if (this.asyncPending) {
				if (!this.asyncDone) {
					return false;
				}
				if (!completeExtract()) {
					return false;
				}
			}
			if (this.outHead != this.outTail && !flush()) {
				return false;
			}
			if (this.extractorDone) {
				return false;
			}
			if (this.pipeline.state() != PipelineState.RUNNING) {
				finishExtractor();
				return false;
			}
			if (rounds-- == 0) {
				return true;
			}
			BoundedBuffer target = this.stage.outputs[0];
			int room = target.remaining();
			if (room == 0) {
				target.waiters = 1;
				VarHandle.fullFence();
				room = target.remaining();
				if (room == 0) {
					this.blocked = true;
					return false;
				}
			}
			this.blocked = false;
			int want = Math.min(room, this.pipeline.batchSize());
			// Reserved before the items exist, so that the outstanding count cannot touch zero early.
			this.pipeline.itemsAdded(want);
			if (this.blocking) {
				startBlockingExtract(want);
				continue;
			}
			this.demand = want;
			this.emitted = 0;
			boolean more;
			try {
				more = ((Extractor<?>) this.logic).extract(want, this.emitter);
			}
			catch (Throwable ex) {
				done(want - this.emitted);
				countProcessed(this.emitted);
				this.stage.fail(this, null, ex);
				pollLater();
				if (this.outHead != this.outTail) {
					flush();
				}
				return false;
			}
			int got = this.emitted;
			countProcessed(got);
			if (got < want) {
				done(want - got);
			}
			if (!more) {
				finishExtractor();
			}
			else if (got == 0) {
				pollLater();
				return false;
			}
		}
	}

	private void emitExtracted(Object item) {
		if (this.emitted >= this.demand) {
			throw new IllegalStateException("Extractor '" + this.stage.name + "' emitted more than the demand of "
					+ this.demand);
		}
		Objects.requireNonNull(item, "Extractor emitted null");
		this.emitted++;
		emit(0, item);
	}

	/**
	 * Pulls on the worker pool. The pipeline counts the pull until its result is handed over: a pull
	 * may outlive its run, and a restart waits for it, so that its result cannot be taken for one of
	 * the next run; the worker counts its items as abandoned when it sees it left the run.
	 */
	private void startBlockingExtract(int want) {
		Extractor<?> extractor = (Extractor<?>) this.logic;
		this.asyncDemand = want;
		this.pipeline.pullStarted();
		CompletableFuture<Object> pull;
		try {
			pull = this.pipeline.group().executeBlocking(() -> {
				List<Object> items = new ArrayList<>(want);
				boolean more = extractor.extract(want, (item) -> {
					if (items.size() >= want) {
						throw new IllegalStateException("Extractor '" + this.stage.name
								+ "' emitted more than the demand of " + want);
					}
					items.add(Objects.requireNonNull(item, "Extractor emitted null"));
				});
				return new Pull(items, more);
			});
		}
		catch (RuntimeException ex) {
			pull = CompletableFuture.failedFuture(ex);
		}
		expectAsync(null, 0);
		int expected = this.generation;
		pull.whenComplete((value, error) -> {
			completed(expected, value, error);
			this.pipeline.pullReturned();
		});
	}

	/** Takes the result of a blocking pull; returns whether to go on now. */
	private boolean completeExtract() {
		this.asyncPending = false;
		this.inFlight = false;
		int want = this.asyncDemand;
		Object value = this.asyncValue;
		Throwable error = this.asyncError;
		this.asyncValue = null;
		this.asyncError = null;
		if (error != null) {
			done(want);
			this.stage.fail(this, null, unwrap(error));
			pollLater();
			return false;
		}
		Pull pull = (Pull) value;
		for (Object item : pull.items()) {
			emit(0, item);
		}
		int got = pull.items().size();
		countProcessed(got);
		if (got < want) {
			done(want - got);
		}
		if (!pull.more()) {
			finishExtractor();
			return true;
		}
		if (got == 0) {
			pollLater();
			return false;
		}
		return true;
	}

	private void pollLater() {
		PipelineTimer.schedule(this::schedule, this.pipeline.idlePollNanos());
	}

	private void finishExtractor() {
		if (!this.extractorDone) {
			this.extractorDone = true;
			done(1);
		}
	}

	/**
	 * Counts everything this worker holds, and what waits in the stage's inputs, as abandoned; the
	 * pipeline is halted. A sender that was running when the pipeline halted may have put items into
	 * the inputs after the halt emptied them; it wakes this worker afterwards, which empties them again.
	 */
	private void abandonLocal() {
		this.stage.emptyInputs(StageOutcome.ABANDONED);
		abandonHeld();
	}

	/**
	 * Counts everything this worker holds as abandoned (its results not yet handed on, at their
	 * receivers), leaving the stage's inputs alone: they may already hold items of a new run. The items it finished are not reported: the count of their
	 * run was reset when it was halted.
	 */
	private void abandonHeld() {
		this.finished = 0;
		// Results waiting in the outbox were counted as passed on here: they are lost to their receiver.
		int mask = this.outItems.length - 1;
		while (this.outHead != this.outTail) {
			int slot = this.outHead++ & mask;
			this.outItems[slot] = null;
			this.stage.receivers[this.outTargets[slot]].add(StageOutcome.ABANDONED);
		}
		long abandoned = 0;
		if (this.feedback != null) {
			abandoned += this.feedback.size();
			this.feedback.clear();
		}
		abandoned += clearInbox();
		if (this.asyncPending && this.type != StageType.EXTRACTOR) {
			abandoned++;
		}
		// A blocking extractor's pull that returned after its run was left: its items go nowhere.
		// One still running hands its result over later and wakes this worker, which comes back here.
		if (this.type == StageType.EXTRACTOR && this.asyncDone) {
			if (this.asyncValue instanceof Pull pull) {
				abandoned += pull.items().size();
			}
			this.asyncDone = false;
			this.asyncValue = null;
			this.asyncError = null;
		}
		this.asyncPending = false;
		this.inFlight = false;
		this.asyncItem = null;
		this.blocked = false;
		if (abandoned > 0) {
			this.stage.add(StageOutcome.ABANDONED, abandoned);
		}
	}

	/** The result of one blocking pull of an extractor. */
	private record Pull(List<Object> items, boolean more) {
	}

}
