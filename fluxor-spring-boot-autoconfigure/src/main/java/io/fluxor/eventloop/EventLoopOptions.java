package io.fluxor.eventloop;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of an {@link EventLoopGroup}: how many loops, how large their rings are, how they wait
 * and how long a task may hold a loop.
 *
 * @param count number of event loops
 * @param ringBufferSize slots per loop's ring buffer; a power of two
 * @param waitStrategy how an idle loop waits for work
 * @param phasedBackoff the spin and yield times of the phased wait strategy
 * @param maxExecuteTime how long one task may run on a loop before it is reported as blocking it
 * @param workerPoolSize threads of the pool that runs blocking work off the loops
 * @param workerQueueCapacity blocking tasks that may wait for a worker before new ones are rejected
 */
public record EventLoopOptions(int count, int ringBufferSize, WaitStrategyType waitStrategy,
		PhasedBackoff phasedBackoff, Duration maxExecuteTime, int workerPoolSize, int workerQueueCapacity) {

	/** Default number of loops: one per available processor. */
	public static final int DEFAULT_COUNT = Runtime.getRuntime().availableProcessors();

	/** Default ring buffer size per loop. */
	public static final int DEFAULT_RING_BUFFER_SIZE = 16384;

	/** Default wait strategy: phased, spinning a few microseconds, then blocking; no CPU when idle. */
	public static final WaitStrategyType DEFAULT_WAIT_STRATEGY = WaitStrategyType.PHASED;

	/** Default time after which a running task is reported as blocking its loop. */
	public static final Duration DEFAULT_MAX_EXECUTE_TIME = Duration.ofSeconds(2);

	/** Default number of worker threads for blocking work. */
	public static final int DEFAULT_WORKER_POOL_SIZE = 20;

	/** Default number of blocking tasks that may queue for a worker. */
	public static final int DEFAULT_WORKER_QUEUE_CAPACITY = 10_000;

	public EventLoopOptions {
		Objects.requireNonNull(waitStrategy, "waitStrategy");
		Objects.requireNonNull(phasedBackoff, "phasedBackoff");
		Objects.requireNonNull(maxExecuteTime, "maxExecuteTime");
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1 but was " + count);
		}
		if (ringBufferSize < 1 || Integer.bitCount(ringBufferSize) != 1) {
			throw new IllegalArgumentException("ringBufferSize must be a power of 2 but was " + ringBufferSize);
		}
		if (maxExecuteTime.isNegative() || maxExecuteTime.isZero()) {
			throw new IllegalArgumentException("maxExecuteTime must be positive but was " + maxExecuteTime);
		}
		if (workerPoolSize < 1) {
			throw new IllegalArgumentException("workerPoolSize must be at least 1 but was " + workerPoolSize);
		}
		if (workerQueueCapacity < 0) {
			throw new IllegalArgumentException("workerQueueCapacity must not be negative but was " + workerQueueCapacity);
		}
	}

	/**
	 * Returns the options with every default.
	 * @return the default options
	 */
	public static EventLoopOptions defaults() {
		return new EventLoopOptions(DEFAULT_COUNT, DEFAULT_RING_BUFFER_SIZE, DEFAULT_WAIT_STRATEGY,
				PhasedBackoff.DEFAULT, DEFAULT_MAX_EXECUTE_TIME, DEFAULT_WORKER_POOL_SIZE, DEFAULT_WORKER_QUEUE_CAPACITY);
	}

	/**
	 * Returns a copy with another loop count.
	 * @param count the number of loops
	 * @return the new options
	 */
	public EventLoopOptions withCount(int count) {
		return new EventLoopOptions(count, this.ringBufferSize, this.waitStrategy, this.phasedBackoff,
				this.maxExecuteTime, this.workerPoolSize, this.workerQueueCapacity);
	}

	/**
	 * Returns a copy with another ring size.
	 * @param ringBufferSize the ring size, a power of two
	 * @return the new options
	 */
	public EventLoopOptions withRingBufferSize(int ringBufferSize) {
		return new EventLoopOptions(this.count, ringBufferSize, this.waitStrategy, this.phasedBackoff,
				this.maxExecuteTime, this.workerPoolSize, this.workerQueueCapacity);
	}

	/**
	 * Returns a copy with another wait strategy.
	 * @param waitStrategy the wait strategy
	 * @return the new options
	 */
	public EventLoopOptions withWaitStrategy(WaitStrategyType waitStrategy) {
		return new EventLoopOptions(this.count, this.ringBufferSize, waitStrategy, this.phasedBackoff,
				this.maxExecuteTime, this.workerPoolSize, this.workerQueueCapacity);
	}

	/**
	 * Returns a copy with other phases for the phased wait strategy.
	 * @param phasedBackoff the spin and yield times
	 * @return the new options
	 */
	public EventLoopOptions withPhasedBackoff(PhasedBackoff phasedBackoff) {
		return new EventLoopOptions(this.count, this.ringBufferSize, this.waitStrategy, phasedBackoff,
				this.maxExecuteTime, this.workerPoolSize, this.workerQueueCapacity);
	}

	/**
	 * Returns a copy with another blocked-loop threshold.
	 * @param maxExecuteTime the threshold
	 * @return the new options
	 */
	public EventLoopOptions withMaxExecuteTime(Duration maxExecuteTime) {
		return new EventLoopOptions(this.count, this.ringBufferSize, this.waitStrategy, this.phasedBackoff,
				maxExecuteTime, this.workerPoolSize, this.workerQueueCapacity);
	}

	/**
	 * Returns a copy with another worker pool.
	 * @param workerPoolSize worker threads
	 * @param workerQueueCapacity queued blocking tasks
	 * @return the new options
	 */
	public EventLoopOptions withWorkers(int workerPoolSize, int workerQueueCapacity) {
		return new EventLoopOptions(this.count, this.ringBufferSize, this.waitStrategy, this.phasedBackoff,
				this.maxExecuteTime, workerPoolSize, workerQueueCapacity);
	}

}
