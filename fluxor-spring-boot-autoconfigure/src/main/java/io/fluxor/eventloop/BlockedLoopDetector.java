package io.fluxor.eventloop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches event loops from a daemon thread and reports, once per task, a task that has held its
 * loop longer than the configured maximum: a warning with the loop thread's stack trace, and a
 * count on the loop.
 *
 * <p>The loops publish nothing for it: a loop is blocked when the sequence of its finished tasks has
 * not moved for longer than the maximum while work was accepted beyond it. All the checking happens
 * here, so the hot path pays nothing. While a loop is held by one task for a whole check period, the
 * detector also wakes every parked loop, since the held task's wake-ups wait for its end.
 */
final class BlockedLoopDetector implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BlockedLoopDetector.class);

	private final List<EventLoop> loops;

	private final long maxExecuteNanos;

	private final long[] lastSequence;

	private final long[] stuckSinceNanos;

	private final long[] reportedSequence;

	private final ScheduledExecutorService scheduler;

	BlockedLoopDetector(List<EventLoop> loops, Duration maxExecuteTime) {
		this.loops = loops;
		this.maxExecuteNanos = maxExecuteTime.toNanos();
		this.lastSequence = new long[loops.size()];
		this.stuckSinceNanos = new long[loops.size()];
		this.reportedSequence = new long[loops.size()];
		java.util.Arrays.fill(this.lastSequence, Long.MIN_VALUE);
		java.util.Arrays.fill(this.reportedSequence, Long.MIN_VALUE);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "fluxor-blocked-loop-detector");
			thread.setDaemon(true);
			return thread;
		});
	}

	void start() {
		long periodMillis = Math.max(10, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(this.maxExecuteNanos) / 4));
		this.scheduler.scheduleAtFixedRate(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
	}

	void check() {
		long now = System.nanoTime();
		boolean anyHeld = false;
		for (int i = 0; i < this.loops.size(); i++) {
			EventLoop loop = this.loops.get(i);
			long sequence = loop.completedSequence();
			if (sequence != this.lastSequence[i] || !loop.hasWork(sequence)) {
				this.lastSequence[i] = sequence;
				this.stuckSinceNanos[i] = now;
				continue;
			}
			anyHeld = true;
			long held = now - this.stuckSinceNanos[i];
			if (held > this.maxExecuteNanos && this.reportedSequence[i] != sequence) {
				this.reportedSequence[i] = sequence;
				loop.recordBlocked();
				BlockedLoopException trace = new BlockedLoopException(loop.name(),
						TimeUnit.NANOSECONDS.toMillis(held), TimeUnit.NANOSECONDS.toMillis(this.maxExecuteNanos));
				trace.setStackTrace(loop.thread().getStackTrace());
				logger.warn(trace.getMessage(), trace);
			}
		}
		if (anyHeld) {
			// A held loop may be waiting on a loop it has not woken yet (see DeferredWakes).
			this.loops.forEach(EventLoop::wakeIfParked);
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	/** Carries the blocked loop thread's stack trace into the log. */
	static final class BlockedLoopException extends RuntimeException {

		BlockedLoopException(String loopName, long heldMillis, long limitMillis) {
			super("Event loop " + loopName + " has been blocked for " + heldMillis + " ms, limit is " + limitMillis
					+ " ms; move blocking work to executeBlocking. Stack of the loop thread:");
		}

	}

}
