package io.fluxor.eventloop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.WaitStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single thread that runs tasks one at a time, in the order they were accepted, fed by a
 * multi-producer LMAX Disruptor {@link RingBuffer}.
 *
 * <p>Producers claim a slot without locks. When the ring is full, {@link #dispatch} fails fast with
 * a {@link LoopRejectedException} (and the rejection is counted) instead of blocking the caller: an
 * I/O thread must never wait for a loop. The loop frees each slot as soon as its task has run, not
 * at the end of a batch, so one slow task holds back producers by one slot only.
 *
 * <p>Everything that a task touches from its loop is touched by one thread only, which is what lets
 * verticles keep state without locks.
 */
public final class EventLoop {

	private static final Logger logger = LoggerFactory.getLogger(EventLoop.class);

	private static final LoopTask<Runnable> RUNNABLE = Runnable::run;

	/**
	 * How long the failing of what is left waits for claimed slots to be published. A producer is a few
	 * instructions from publishing its claim, so only one that died in between (a StackOverflowError,
	 * a stopped thread) takes this long; its slot is then skipped rather than waited for without end.
	 */
	private static final long CLAIMED_SLOT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

	private static final int CLAIMED_SLOT_SPINS = 1024;

	private final int index;

	private final String name;

	private final RingBuffer<Slot> ring;

	private final BatchEventProcessor<Slot> processor;

	private final LoopThread thread;

	private final LongAdder rejected = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder blocked = new LongAdder();

	private final LongAdder abandoned = new LongAdder();

	private volatile boolean accepting = true;

	private volatile boolean halted;

	private LoopRejectedException haltCause;

	// Producers read this object on every dispatch; what the loop writes per task lives in the handler.
	private final SlotHandler handler = new SlotHandler();

	private final WaitStrategy waitStrategy;

	// Touched by this loop's thread only.
	private final DeferredWakes deferredWakes = new DeferredWakes();

	EventLoop(int index, String name, EventLoopOptions options) {
		this.index = index;
		this.name = name;
		this.waitStrategy = options.waitStrategy().create(options.phasedBackoff());
		this.ring = RingBuffer.createMultiProducer(Slot::new, options.ringBufferSize(), this.waitStrategy);
		this.processor = new BatchEventProcessorBuilder().build(this.ring, this.ring.newBarrier(), this.handler);
		this.ring.addGatingSequences(this.processor.getSequence());
		this.thread = new LoopThread(this, this.processor, name);
	}

	/**
	 * Returns the event loop whose thread is calling, if any.
	 * @return the current loop, or {@code null} when not called from a loop thread
	 */
	public static EventLoop current() {
		return (Thread.currentThread() instanceof LoopThread loopThread) ? loopThread.loop : null;
	}

	/**
	 * Queues a task with its argument; it runs later on this loop's thread.
	 * @param <T> the argument type
	 * @param task the task, ideally a long-lived object
	 * @param argument the argument passed to the task
	 * @throws LoopRejectedException if the ring is full or the loop is shutting down
	 */
	@SuppressWarnings("unchecked")
	public <T> void dispatch(LoopTask<? super T> task, T argument) {
		if (!this.accepting) {
			this.rejected.increment();
			throw new LoopRejectedException(LoopRejectedException.Reason.SHUT_DOWN, this.name);
		}
		long sequence;
		try {
			sequence = this.ring.tryNext();
		}
		catch (InsufficientCapacityException ex) {
			this.rejected.increment();
			throw new LoopRejectedException(LoopRejectedException.Reason.FULL, this.name);
		}
		if (!this.accepting) {
			throw refuseClaimed(sequence);
		}
		Slot slot = this.ring.get(sequence);
		slot.task = (LoopTask<Object>) task;
		slot.argument = argument;
		if (Thread.currentThread() instanceof LoopThread producer) {
			DeferredWakes wakes = producer.loop.deferredWakes;
			wakes.dispatching(true);
			this.ring.publish(sequence);
			wakes.dispatching(false);
		}
		else {
			this.ring.publish(sequence);
		}
	}

	/**
	 * Refuses a task whose slot was claimed after shutdown began. The claim is checked again because
	 * the drain may already have looked past this slot, and then nothing would run or fail the task.
	 * The slot is published empty, which the loop skips, so that the ring stays in sequence.
	 */
	private LoopRejectedException refuseClaimed(long sequence) {
		this.ring.publish(sequence);
		this.rejected.increment();
		return new LoopRejectedException(LoopRejectedException.Reason.SHUT_DOWN, this.name);
	}

	/**
	 * Queues a task unless the loop cannot take it.
	 * @param <T> the argument type
	 * @param task the task
	 * @param argument its argument
	 * @return whether the task was accepted; a refusal is counted
	 */
	public <T> boolean tryDispatch(LoopTask<? super T> task, T argument) {
		try {
			dispatch(task, argument);
			return true;
		}
		catch (LoopRejectedException ex) {
			return false;
		}
	}

	/**
	 * Queues a runnable on this loop.
	 * @param runnable the work
	 * @throws LoopRejectedException if the ring is full or the loop is shutting down
	 */
	public void execute(Runnable runnable) {
		dispatch(RUNNABLE, runnable);
	}

	/**
	 * Returns whether the caller runs on this loop's thread.
	 * @return {@code true} on this loop's thread
	 */
	public boolean inLoop() {
		return Thread.currentThread() == this.thread;
	}

	/**
	 * Returns the loop's position in its group, from 0.
	 * @return the index
	 */
	public int index() {
		return this.index;
	}

	/**
	 * Returns the loop's name, which is also its thread's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns how many slots the ring has.
	 * @return the capacity
	 */
	public int capacity() {
		return this.ring.getBufferSize();
	}

	/**
	 * Returns how many tasks wait in the ring, including the one running.
	 * @return the queue length
	 */
	public long queueLength() {
		return this.ring.getBufferSize() - this.ring.remainingCapacity();
	}

	/**
	 * Returns how many tasks this loop has run.
	 * @return the processed count
	 */
	public long processedCount() {
		return this.handler.processed();
	}

	/**
	 * Returns the total time this loop spent running tasks.
	 * @return busy time in nanoseconds
	 */
	public long busyNanos() {
		return this.handler.busyNanos();
	}

	/**
	 * Returns how many tasks were refused because the ring was full or the loop was shutting down.
	 * @return the rejected count
	 */
	public long rejectedCount() {
		return this.rejected.sum();
	}

	/**
	 * Returns how many tasks threw an exception they did not handle themselves.
	 * @return the failed count
	 */
	public long failedCount() {
		return this.failed.sum();
	}

	/**
	 * Returns how many tasks were reported as blocking this loop.
	 * @return the blocked count
	 */
	public long blockedCount() {
		return this.blocked.sum();
	}

	/**
	 * Returns the sequence of the last task the loop finished (or abandoned); it stops moving while
	 * a task holds the loop.
	 */
	long completedSequence() {
		return this.processor.getSequence().get();
	}

	/**
	 * Returns whether tasks were accepted beyond the last one finished: one is running or waiting.
	 */
	boolean hasWork(long completedSequence) {
		return this.ring.getCursor() > completedSequence;
	}

	Thread thread() {
		return this.thread;
	}

	DeferredWakes deferredWakes() {
		return this.deferredWakes;
	}

	/**
	 * Wakes the loop if it is parked waiting for work; safe from any thread, and harmless when it is
	 * not parked.
	 */
	void wakeIfParked() {
		if (this.waitStrategy instanceof ParkingWaitStrategy parking) {
			parking.wake();
		}
	}

	/**
	 * Returns whether the loop is parked waiting for work (always false for the wait strategies
	 * other than {@link WaitStrategyType#PHASED}).
	 */
	boolean isParked() {
		return (this.waitStrategy instanceof ParkingWaitStrategy parking) && parking.isParked();
	}

	void recordBlocked() {
		this.blocked.increment();
	}

	void start() {
		this.thread.start();
	}

	void stopAccepting() {
		this.accepting = false;
		// a producer checks again after its claim: the drain must read the cursor after this write
		VarHandle.fullFence();
	}

	/**
	 * Returns whether every accepted task has run.
	 */
	boolean isDrained() {
		return this.processor.getSequence().get() >= this.ring.getCursor();
	}

	/**
	 * Stops the loop: tasks it has not started yet are abandoned, not run, whether this thread or
	 * the loop thread (still finishing its batch) reaches them first.
	 */
	void halt() {
		this.haltCause = new LoopRejectedException(LoopRejectedException.Reason.SHUT_DOWN, this.name);
		this.halted = true;
		this.processor.halt();
	}

	boolean isHalted() {
		return this.halted;
	}

	/**
	 * Returns how many accepted tasks were failed instead of run because the loop shut down.
	 * @return the abandoned count
	 */
	public long abandonedCount() {
		return this.abandoned.sum();
	}

	boolean awaitTermination(long timeoutMillis) throws InterruptedException {
		this.thread.join(Math.max(1, timeoutMillis));
		return !this.thread.isAlive();
	}

	/**
	 * Fails every task that was accepted but has not run. Called by the loop thread as it stops, or
	 * by the shutting-down thread for a loop that never started.
	 */
	void abandonRemaining() {
		long cursor = this.ring.getCursor();
		long deadline = System.nanoTime() + CLAIMED_SLOT_WAIT_NANOS;
		for (long sequence = this.processor.getSequence().get() + 1; sequence <= cursor; sequence++) {
			if (!awaitPublished(sequence, deadline)) {
				logger.warn("{} skipped slot {}: it was claimed but not filled within {} ms, its producer is gone",
						this.name, sequence, TimeUnit.NANOSECONDS.toMillis(CLAIMED_SLOT_WAIT_NANOS));
				continue;
			}
			Slot slot = this.ring.get(sequence);
			LoopTask<Object> task = slot.task;
			if (task != null) {
				Object argument = slot.argument;
				slot.clear();
				abandon(task, argument);
			}
		}
	}

	/**
	 * Waits for a claimed slot to be published: a producer between its claim and its publish is a few
	 * instructions from filling it. Returns {@code false} at the deadline, for a producer that died.
	 */
	private boolean awaitPublished(long sequence, long deadline) {
		int spins = CLAIMED_SLOT_SPINS;
		while (!this.ring.isAvailable(sequence)) {
			if (spins > 0) {
				spins--;
				Thread.onSpinWait();
			}
			else if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			else {
				LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
			}
		}
		return true;
	}

	private void abandon(LoopTask<Object> task, Object argument) {
		this.abandoned.increment();
		try {
			task.abandon(argument, this.haltCause);
		}
		catch (RuntimeException ex) {
			logger.warn("Task abandoned by {} failed to handle its abandonment", this.name, ex);
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

	/** One ring slot: the task and its argument, cleared once run so that nothing is retained. */
	private static final class Slot {

		LoopTask<Object> task;

		Object argument;

		void clear() {
			this.task = null;
			this.argument = null;
		}

	}

	/**
	 * Runs each slot's task on the loop thread and frees the slot right after it. It also keeps the
	 * loop's counters, apart from the fields producers read, and reads the clock once per batch rather
	 * than per task (a clock read costs as much as a small task on some machines).
	 */
	private final class SlotHandler implements EventHandler<Slot> {

		private static final VarHandle PROCESSED;

		private static final VarHandle BUSY_NANOS;

		static {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				PROCESSED = lookup.findVarHandle(SlotHandler.class, "processed", long.class);
				BUSY_NANOS = lookup.findVarHandle(SlotHandler.class, "busyNanos", long.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		private Sequence sequenceCallback;

		private long batchStartNanos;

		// Written by the loop thread only, read by monitors: published with release stores.
		private long processed;

		private long busyNanos;

		long processed() {
			return (long) PROCESSED.getOpaque(this);
		}

		long busyNanos() {
			return (long) BUSY_NANOS.getOpaque(this);
		}

		/** The processor stops after a halt: whatever it left in the ring is failed here, on the loop thread. */
		@Override
		public void onShutdown() {
			if (EventLoop.this.halted) {
				abandonRemaining();
			}
		}

		@Override
		public void setSequenceCallback(Sequence sequenceCallback) {
			this.sequenceCallback = sequenceCallback;
		}

		@Override
		public void onBatchStart(long batchSize, long queueDepth) {
			this.batchStartNanos = System.nanoTime();
		}

		@Override
		public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
			LoopTask<Object> task = slot.task;
			Object argument = slot.argument;
			slot.clear();
			try {
				// an empty slot was published by a producer refused after its claim
				if (task != null) {
					runOrAbandon(task, argument);
				}
			}
			finally {
				if (!EventLoop.this.deferredWakes.isEmpty()) {
					EventLoop.this.deferredWakes.deliver();
				}
				this.sequenceCallback.set(sequence);
				if (endOfBatch) {
					BUSY_NANOS.setRelease(this, this.busyNanos + (System.nanoTime() - this.batchStartNanos));
				}
			}
		}

		private void runOrAbandon(LoopTask<Object> task, Object argument) {
			if (EventLoop.this.halted) {
				abandon(task, argument);
			}
			else {
				run(task, argument);
			}
		}

		private void run(LoopTask<Object> task, Object argument) {
			try {
				task.run(argument);
			}
			catch (Throwable ex) {
				EventLoop.this.failed.increment();
				logger.error("Unhandled failure of a task on {}", EventLoop.this.name, ex);
			}
			PROCESSED.setRelease(this, this.processed + 1);
		}

	}

	/** The loop's thread, so that {@link #current()} finds its loop without a thread-local lookup. */
	private static final class LoopThread extends Thread {

		private final EventLoop loop;

		LoopThread(EventLoop loop, Runnable body, String name) {
			super(body, name);
			this.loop = loop;
		}

	}

}
