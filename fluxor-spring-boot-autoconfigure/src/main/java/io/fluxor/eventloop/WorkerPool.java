package io.fluxor.eventloop;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded pool of worker threads for blocking work, so that it never runs on an event loop.
 *
 * <p>When every worker is busy and the queue is full, new work fails at once with a
 * {@link RejectedExecutionException} and is counted; nothing waits without bound.
 */
final class WorkerPool {

	private final ThreadPoolExecutor executor;

	private final LongAdder rejected = new LongAdder();

	WorkerPool(int size, int queueCapacity) {
		AtomicInteger counter = new AtomicInteger();
		BlockingQueue<Runnable> queue = (queueCapacity == 0) ? new SynchronousQueue<>()
				: (queueCapacity > 65_536) ? new LinkedBlockingQueue<>(queueCapacity)
						: new ArrayBlockingQueue<>(queueCapacity);
		this.executor = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, queue, (runnable) -> {
			Thread thread = new Thread(runnable, "fluxor-worker-" + counter.getAndIncrement());
			thread.setDaemon(true);
			return thread;
		}, new ThreadPoolExecutor.AbortPolicy());
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Runs blocking work on a worker and completes the result on the calling event loop, if the
	 * caller runs on one, so that the continuation stays on the caller's thread.
	 */
	<T> CompletableFuture<T> submit(Callable<T> work) {
		EventLoop caller = EventLoop.current();
		CompletableFuture<T> result = new CompletableFuture<>();
		try {
			this.executor.execute(new BlockingTask<>(work, result, caller));
		}
		catch (RejectedExecutionException ex) {
			this.rejected.increment();
			result.completeExceptionally(new RejectedExecutionException("Worker pool is saturated: "
					+ this.executor.getMaximumPoolSize() + " workers busy and " + this.executor.getQueue().size()
					+ " tasks queued"));
		}
		return result;
	}

	private static void completeOn(EventLoop loop, Runnable completion) {
		if (loop == null || !loop.tryDispatch(RunCompletion.INSTANCE, completion)) {
			// The caller's loop is gone or full: completing here is better than losing the result.
			completion.run();
		}
	}

	long rejectedCount() {
		return this.rejected.sum();
	}

	int activeCount() {
		return this.executor.getActiveCount();
	}

	int queuedCount() {
		return this.executor.getQueue().size();
	}

	/**
	 * Lets the workers finish what they were given within the timeout, then interrupts them and
	 * fails the blocking work that never started, so that its callers learn it will not run.
	 * @return how many queued tasks were failed instead of run
	 */
	int shutdown(Duration timeout) throws InterruptedException {
		this.executor.shutdown();
		if (this.executor.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
			return 0;
		}
		int abandoned = 0;
		for (Runnable never : this.executor.shutdownNow()) {
			if (never instanceof BlockingTask<?> task) {
				task.abandon();
				abandoned++;
			}
		}
		return abandoned;
	}

	/** Blocking work with the future it completes and the loop to complete it on. */
	private static final class BlockingTask<T> implements Runnable {

		private final Callable<T> work;

		private final CompletableFuture<T> result;

		private final EventLoop caller;

		BlockingTask(Callable<T> work, CompletableFuture<T> result, EventLoop caller) {
			this.work = work;
			this.result = result;
			this.caller = caller;
		}

		@Override
		public void run() {
			T value;
			try {
				value = this.work.call();
			}
			catch (Throwable ex) {
				completeOn(this.caller, () -> this.result.completeExceptionally(ex));
				return;
			}
			completeOn(this.caller, () -> this.result.complete(value));
		}

		void abandon() {
			RejectedExecutionException failure = new RejectedExecutionException(
					"Worker pool shut down before the blocking task ran");
			completeOn(this.caller, () -> this.result.completeExceptionally(failure));
		}

	}

	private enum RunCompletion implements LoopTask<Runnable> {

		INSTANCE;

		@Override
		public void run(Runnable completion) {
			completion.run();
		}

		@Override
		public void abandon(Runnable completion, Throwable cause) {
			completion.run();
		}

	}

}
