package io.fluxor.pipeline;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread shared by every pipeline for time-based work: clog checks, restart
 * back-offs, idle polls of forever extractors, and retries of dispatches refused by a full loop.
 * It never runs stage code.
 */
final class PipelineTimer {

	private static final ScheduledExecutorService TIMER = create();

	private PipelineTimer() {
	}

	private static ScheduledExecutorService create() {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "fluxor-pipeline-timer");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		return executor;
	}

	static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
		return TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
	}

	static ScheduledFuture<?> every(Runnable task, long periodNanos) {
		return TIMER.scheduleWithFixedDelay(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
	}

}
