package io.fluxor.pipeline;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.fluxor.eventloop.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage of a running pipeline: its input buffers, its receivers, its workers (one per declared
 * parallelism, each pinned to a loop) and its statistics and clog bookkeeping.
 */
final class StageRuntime implements StageStatistics {

	private static final Logger logger = LoggerFactory.getLogger(StageRuntime.class);

	final Pipeline pipeline;

	final StageDefinition definition;

	final String name;

	final StageType type;

	final List<BoundedBuffer> inputList = new ArrayList<>();

	BoundedBuffer[] inputs = new BoundedBuffer[0];

	BoundedBuffer[] outputs;

	StageRuntime[] receivers;

	Map<String, Integer> routes;

	final StageWorker[] workers;

	private final LongAdder[] outcomes = new LongAdder[StageOutcome.values().length];

	private final LongAdder restarts = new LongAdder();

	volatile LatencyRecorder latency;

	volatile boolean clogged;

	volatile boolean shedding;

	volatile boolean restarting;

	private int wakeCursor;

	// Clog bookkeeping, touched by the timer thread only.
	private long lastProgress = -1;

	private long lastProgressNanos;

	private long lastActionNanos;

	private long lastUnclogNanos;

	private int restartAttempt;

	StageRuntime(Pipeline pipeline, StageDefinition definition, EventLoop[] loops) {
		this.pipeline = pipeline;
		this.definition = definition;
		this.name = definition.name;
		this.type = definition.type;
		for (int i = 0; i < this.outcomes.length; i++) {
			this.outcomes[i] = new LongAdder();
		}
		this.workers = new StageWorker[definition.parallelism];
		for (int i = 0; i < this.workers.length; i++) {
			this.workers[i] = new StageWorker(this, loops[i], i);
		}
	}

	void connect(StageRuntime[] receivers) {
		this.receivers = receivers;
		this.outputs = new BoundedBuffer[receivers.length];
		if (this.type == StageType.MESSENGER) {
			this.routes = new HashMap<>();
		}
		for (int i = 0; i < receivers.length; i++) {
			StageRuntime receiver = receivers[i];
			BoundedBuffer buffer = new BoundedBuffer(receiver.definition.bufferSize, this, receiver);
			this.outputs[i] = buffer;
			receiver.inputList.add(buffer);
			if (this.routes != null) {
				this.routes.put(receiver.name, i);
			}
		}
	}

	void sealInputs() {
		this.inputs = this.inputList.toArray(new BoundedBuffer[0]);
	}

	/**
	 * Wakes a worker after an item was put into one of this stage's inputs. Of several workers, the
	 * next in turn that is not waiting for an async or blocking call is woken: such a worker takes no
	 * input until its call completes, so the item would wait behind one slow call while the other
	 * workers idle, and the stage would be reported clogged. When every worker waits for a call, each
	 * takes input again as its call completes.
	 */
	void wake() {
		StageWorker[] all = this.workers;
		if (all.length == 1) {
			all[0].schedule();
			return;
		}
		// Racy on purpose: any spread over the workers will do, each drains the shared input.
		int n = all.length;
		int start = (this.wakeCursor & Integer.MAX_VALUE) % n;
		// Orders the put of the item before the reads of inFlight: a worker that clears inFlight and
		// then looks at the input is either seen free here or sees the item.
		VarHandle.fullFence();
		int chosen = start;
		for (int k = 0; k < n; k++) {
			int i = (start + k < n) ? start + k : start + k - n;
			if (!all[i].inFlight) {
				chosen = i;
				break;
			}
		}
		this.wakeCursor = chosen + 1;
		all[chosen].schedule();
	}

	void wakeAll() {
		for (StageWorker worker : this.workers) {
			worker.schedule();
		}
	}

	void add(StageOutcome outcome) {
		this.outcomes[outcome.ordinal()].increment();
	}

	void add(StageOutcome outcome, long n) {
		this.outcomes[outcome.ordinal()].add(n);
	}

	/** Handles an item that failed at this stage; the caller finishes the item. */
	void fail(StageWorker worker, Object item, Throwable error) {
		add(StageOutcome.ERROR);
		switch (this.definition.errorAction) {
			case LOG -> logger.warn("Pipeline '{}' stage '{}' failed an item: {}", this.pipeline.name(), this.name,
					error.toString(), error);
			case COUNT -> {
			}
			case DEAD_LETTER -> {
				try {
					this.pipeline.eventBus()
						.send(this.definition.deadLetterAddress, new DeadLetter(this.pipeline.name(), this.name, item, error));
				}
				catch (RuntimeException ex) {
					logger.warn("Pipeline '{}' stage '{}' could not send a dead letter to '{}': {}; the item is "
							+ "counted as an error", this.pipeline.name(), this.name,
							this.definition.deadLetterAddress, ex.toString());
				}
			}
			case FAIL -> this.pipeline.fail(new IllegalStateException(
					"Stage '" + this.name + "' failed an item and its error action is fail: " + error, error));
		}
	}

	long progress() {
		long sum = 0;
		for (StageWorker worker : this.workers) {
			sum += worker.taken();
		}
		return sum;
	}

	boolean waitingDownstream() {
		for (StageWorker worker : this.workers) {
			if (worker.blocked) {
				return true;
			}
		}
		return false;
	}

	/** Called by the timer thread. */
	void checkClog(long now, ClogOptions options) {
		long progress = progress();
		if (progress != this.lastProgress) {
			this.lastProgress = progress;
			this.lastProgressNanos = now;
			if (this.clogged) {
				unclog(now);
			}
			return;
		}
		if (this.restarting) {
			return;
		}
		long timeout = options.timeout().toNanos();
		if (this.clogged) {
			if (options.policy() == ClogPolicy.RESTART && now - this.lastActionNanos >= timeout) {
				scheduleRestart(now, options);
			}
			return;
		}
		int waiting = buffered();
		if (waiting == 0 || waitingDownstream()) {
			this.lastProgressNanos = now;
			return;
		}
		if (now - this.lastProgressNanos >= timeout) {
			this.clogged = true;
			logger.warn("Pipeline '{}' stage '{}' is clogged: no progress for {} with {} items waiting; policy {}",
					this.pipeline.name(), this.name, options.timeout(), waiting, options.policy());
			switch (options.policy()) {
				case RESTART -> {
					if (now - this.lastUnclogNanos > 10 * timeout) {
						this.restartAttempt = 0;
					}
					scheduleRestart(now, options);
				}
				case SHED -> {
					this.shedding = true;
					shedBuffered();
				}
				case STOP -> this.pipeline.fail(new PipelineCloggedException(this.pipeline.name(), this.name, waiting));
			}
		}
	}

	private void scheduleRestart(long now, ClogOptions options) {
		this.restarting = true;
		long delay = restartDelay(options.restartBackoff().toNanos(), options.maxRestartBackoff().toNanos(),
				this.restartAttempt);
		this.restartAttempt++;
		this.lastActionNanos = now + delay;
		int run = this.pipeline.run();
		PipelineTimer.schedule(() -> restart(run), delay);
	}

	/**
	 * Returns the back-off before a restart: the first delay doubled per earlier attempt, capped.
	 * The doubling stops at the cap, so that a long first delay cannot overflow into a negative one.
	 */
	static long restartDelay(long initialNanos, long maxNanos, int attempt) {
		long delay = initialNanos;
		for (int i = 0; i < attempt && delay > 0 && delay < maxNanos; i++) {
			delay = (delay > maxNanos / 2) ? maxNanos : delay * 2;
		}
		return Math.min(maxNanos, delay);
	}

	/**
	 * Restarts the workers for the run whose clog scheduled it; a restart that falls due after that
	 * run ended does nothing, and a worker that has gone on into a later run ignores it.
	 */
	private void restart(int run) {
		if (this.pipeline.run() != run || this.pipeline.halted()) {
			return;
		}
		this.restarts.increment();
		logger.warn("Pipeline '{}' restarts stage '{}' (restart {})", this.pipeline.name(), this.name,
				this.restarts.sum());
		for (StageWorker worker : this.workers) {
			worker.restart(run);
		}
		this.lastActionNanos = System.nanoTime();
		this.restarting = false;
	}

	private void unclog(long now) {
		logger.info("Pipeline '{}' stage '{}' moves again", this.pipeline.name(), this.name);
		this.clogged = false;
		this.shedding = false;
		this.lastUnclogNanos = now;
	}

	/** Empties the inputs, counting each item as shed; wakes the producers, which then shed too. */
	void shedBuffered() {
		long shed = drainInputs(StageOutcome.SHED);
		if (shed > 0) {
			logger.warn("Pipeline '{}' stage '{}' shed {} items", this.pipeline.name(), this.name, shed);
		}
	}

	long drainInputs(StageOutcome outcome) {
		long drained = emptyInputs(outcome);
		if (drained > 0) {
			this.pipeline.itemsDone(drained);
		}
		return drained;
	}

	/**
	 * Empties the inputs, counting each item under an outcome, without finishing them: for a halted
	 * pipeline, whose outstanding count is already reset.
	 */
	long emptyInputs(StageOutcome outcome) {
		long drained = 0;
		for (BoundedBuffer input : this.inputs) {
			while (input.poll() != null) {
				drained++;
			}
			if (input.waiters != 0) {
				input.waiters = 0;
				input.producer.wakeAll();
			}
		}
		if (drained > 0) {
			add(outcome, drained);
		}
		return drained;
	}

	void resetClog(long now) {
		this.clogged = false;
		this.shedding = false;
		this.restarting = false;
		this.lastProgress = -1;
		this.lastProgressNanos = now;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public StageType type() {
		return this.type;
	}

	@Override
	public StageState state() {
		PipelineState pipelineState = this.pipeline.state();
		if (pipelineState != PipelineState.RUNNING && pipelineState != PipelineState.STOPPING) {
			return StageState.STOPPED;
		}
		if (this.restarting) {
			return StageState.RESTARTING;
		}
		if (this.clogged) {
			return StageState.CLOGGED;
		}
		boolean busy = false;
		for (StageWorker worker : this.workers) {
			if (worker.extractorDone) {
				return StageState.COMPLETED;
			}
			if (worker.blocked) {
				return StageState.BLOCKED;
			}
			busy |= worker.busy();
		}
		return busy ? StageState.RUNNING : StageState.IDLE;
	}

	@Override
	public long count(StageOutcome outcome) {
		long sum = this.outcomes[outcome.ordinal()].sum();
		if (outcome == StageOutcome.PROCESSED) {
			for (StageWorker worker : this.workers) {
				sum += worker.processed();
			}
		}
		return sum;
	}

	@Override
	public int buffered() {
		int sum = 0;
		for (BoundedBuffer input : this.inputs) {
			sum += input.size();
		}
		return sum;
	}

	@Override
	public int capacity() {
		int sum = 0;
		for (BoundedBuffer input : this.inputs) {
			sum += input.capacity();
		}
		return sum;
	}

	@Override
	public boolean clogged() {
		return this.clogged;
	}

	@Override
	public long restarts() {
		return this.restarts.sum();
	}

	@Override
	public int parallelism() {
		return this.workers.length;
	}

	StageSnapshot snapshot() {
		Map<StageOutcome, Long> counts = new EnumMap<>(StageOutcome.class);
		for (StageOutcome outcome : StageOutcome.values()) {
			counts.put(outcome, count(outcome));
		}
		return new StageSnapshot(this.name, this.type, state(), parallelism(), buffered(), capacity(), this.clogged,
				restarts(), counts);
	}

	static long nanos(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

	@Override
	public String toString() {
		return this.pipeline.name() + "/" + this.name;
	}

}
