package io.fluxor.eventloop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed group of {@link EventLoop event loops}, threads named {@code fluxor-loop-N}, with a
 * bounded worker pool for blocking work and a detector of tasks that block a loop.
 *
 * <p>Work is spread over the loops by {@link #next()}; whoever needs thread affinity (a verticle, a
 * pipeline stage) keeps the loop it was given.
 */
public final class EventLoopGroup implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EventLoopGroup.class);

	private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final EventLoopOptions options;

	private final List<EventLoop> loops;

	private final EventLoop[] loopArray;

	private final AtomicInteger nextIndex = new AtomicInteger();

	private final WorkerPool workers;

	private final BlockedLoopDetector blockedLoopDetector;

	private volatile State state = State.NEW;

	/**
	 * Creates a group; its threads start with {@link #start()}.
	 * @param options the options
	 */
	public EventLoopGroup(EventLoopOptions options) {
		this.options = options;
		List<EventLoop> created = new ArrayList<>(options.count());
		for (int i = 0; i < options.count(); i++) {
			created.add(new EventLoop(i, "fluxor-loop-" + i, options));
		}
		this.loops = Collections.unmodifiableList(created);
		this.loopArray = created.toArray(new EventLoop[0]);
		this.workers = new WorkerPool(options.workerPoolSize(), options.workerQueueCapacity());
		this.blockedLoopDetector = new BlockedLoopDetector(this.loops, options.maxExecuteTime());
	}

	/**
	 * Starts the loop threads; calling it again does nothing.
	 * @return this group
	 * @throws IllegalStateException if the group was shut down: its threads and the work it failed
	 * are gone, so it cannot run again
	 */
	public synchronized EventLoopGroup start() {
		if (this.state == State.TERMINATED) {
			throw new IllegalStateException("The event loops were shut down and cannot be started again; "
					+ "a stopped application context cannot be restarted, create a new one");
		}
		if (this.state == State.NEW) {
			this.loops.forEach(EventLoop::start);
			this.blockedLoopDetector.start();
			this.state = State.RUNNING;
		}
		return this;
	}

	/**
	 * Returns the next loop, round-robin.
	 * @return a loop
	 */
	public EventLoop next() {
		EventLoop[] all = this.loopArray;
		return all[(this.nextIndex.getAndIncrement() & Integer.MAX_VALUE) % all.length];
	}

	/**
	 * Returns the loop at an index.
	 * @param index from 0 to {@link #size()} - 1
	 * @return the loop
	 */
	public EventLoop loop(int index) {
		return this.loopArray[index];
	}

	/**
	 * Returns every loop, in index order.
	 * @return the loops
	 */
	public List<EventLoop> loops() {
		return this.loops;
	}

	/**
	 * Returns the number of loops.
	 * @return the size
	 */
	public int size() {
		return this.loopArray.length;
	}

	/**
	 * Returns the options the group was built with.
	 * @return the options
	 */
	public EventLoopOptions options() {
		return this.options;
	}

	/**
	 * Returns whether the group runs and accepts work.
	 * @return {@code true} between {@link #start()} and {@link #shutdown(Duration)}
	 */
	public boolean isRunning() {
		return this.state == State.RUNNING;
	}

	/**
	 * Runs blocking work on the worker pool. If called from an event loop, the returned future
	 * completes on that loop.
	 * @param <T> the result type
	 * @param work the blocking work
	 * @return the result; fails with {@link java.util.concurrent.RejectedExecutionException} when
	 * the pool and its queue are full
	 */
	public <T> CompletableFuture<T> executeBlocking(Callable<T> work) {
		return this.workers.submit(work);
	}

	/**
	 * Returns how many blocking tasks were refused because the worker pool was saturated.
	 * @return the rejected count
	 */
	public long workerRejectedCount() {
		return this.workers.rejectedCount();
	}

	/**
	 * Returns how many worker threads are running blocking work.
	 * @return the active worker count
	 */
	public int workerActiveCount() {
		return this.workers.activeCount();
	}

	/**
	 * Stops accepting work, lets the loops drain what they accepted within the timeout, then fails
	 * every task still waiting (its {@link LoopTask#abandon} is called) and stops the threads. Blocking
	 * work that has not started by the end of the timeout fails with a
	 * {@link java.util.concurrent.RejectedExecutionException}.
	 * @param timeout how long to wait for the rings to drain
	 * @return what happened
	 */
	public synchronized ShutdownReport shutdown(Duration timeout) {
		long began = System.nanoTime();
		if (this.state == State.TERMINATED) {
			return new ShutdownReport(true, 0, Duration.ZERO);
		}
		boolean wasStarted = this.state == State.RUNNING;
		this.state = State.TERMINATED;
		this.loops.forEach(EventLoop::stopAccepting);
		long deadline = began + timeout.toNanos();
		boolean drained = !wasStarted || awaitDrained(deadline);
		this.loops.forEach(EventLoop::halt);
		for (EventLoop loop : this.loops) {
			if (!wasStarted) {
				loop.abandonRemaining();
				continue;
			}
			try {
				if (!loop.awaitTermination(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))) {
					logger.warn("{} did not stop within {}; its running task is still holding it, and the tasks "
							+ "behind it will be failed when it returns", loop, timeout);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		int abandoned = (int) this.loops.stream().mapToLong(EventLoop::abandonedCount).sum();
		this.blockedLoopDetector.close();
		try {
			int failedBlocking = this.workers.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			if (failedBlocking > 0) {
				logger.warn("Worker pool shut down with {} blocking tasks failed instead of run", failedBlocking);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - began);
		if (abandoned > 0) {
			logger.warn("Event loops shut down after {} with {} tasks failed instead of run", took, abandoned);
		}
		return new ShutdownReport(drained, abandoned, took);
	}

	private boolean awaitDrained(long deadline) {
		while (!this.loops.stream().allMatch(EventLoop::isDrained)) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			LockSupport.parkNanos(DRAIN_POLL_NANOS);
		}
		return true;
	}

	/**
	 * Shuts down with a five second drain timeout.
	 */
	@Override
	public void close() {
		shutdown(Duration.ofSeconds(5));
	}

	private enum State {

		NEW, RUNNING, TERMINATED

	}

}
