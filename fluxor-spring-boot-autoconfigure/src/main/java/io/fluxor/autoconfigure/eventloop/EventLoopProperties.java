package io.fluxor.autoconfigure.eventloop;

import java.time.Duration;

import io.fluxor.autoconfigure.NanosecondDurations;
import io.fluxor.eventloop.EventLoopOptions;
import io.fluxor.eventloop.PhasedBackoff;
import io.fluxor.eventloop.WaitStrategyType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the event loops. Defaults are spelled out here so that the configuration metadata
 * shows them; a test keeps them equal to {@link EventLoopOptions#defaults()}.
 */
@ConfigurationProperties(EventLoopProperties.PREFIX)
@Validated
public class EventLoopProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "fluxor.event-loop";

	/**
	 * Number of event loops. Defaults to the number of available processors.
	 */
	@Min(1)
	private Integer count;

	/**
	 * Slots of each loop's ring buffer; must be a power of 2. A full ring rejects new work at once.
	 */
	@PowerOfTwo
	@NotNull
	private Integer ringBufferSize = 16384;

	/**
	 * How an idle loop waits for work: 'phased' spins, yields, then parks for the times under
	 * 'phased' (no CPU when idle), 'blocking' always blocks, 'sleeping', 'yielding' and 'busy-spin'
	 * trade CPU for latency.
	 */
	@NotNull
	private WaitStrategyType waitStrategy = WaitStrategyType.PHASED;

	/**
	 * The phases of the 'phased' wait strategy.
	 */
	@Valid
	private final Phased phased = new Phased();

	/**
	 * Time a single task may hold a loop before it is logged with its stack trace and counted as
	 * blocking.
	 * At most 106751d (about 292 years).
	 */
	@DurationMax(days = NanosecondDurations.MAX_DAYS)
	@NotNull
	@DurationMin(nanos = 0, inclusive = false)
	private Duration maxExecuteTime = Duration.ofSeconds(2);

	/**
	 * Threads of the worker pool that runs blocking work off the loops.
	 */
	@Min(1)
	private int workerPoolSize = 20;

	/**
	 * Blocking tasks that may wait for a worker; beyond it new blocking work is rejected.
	 */
	@Min(0)
	private int workerQueueCapacity = 10000;

	/**
	 * Builds the runtime options from these properties.
	 * @return the options
	 */
	public EventLoopOptions toOptions() {
		return new EventLoopOptions((this.count != null) ? this.count : EventLoopOptions.DEFAULT_COUNT,
				this.ringBufferSize, this.waitStrategy,
				new PhasedBackoff(this.phased.spinTimeout, this.phased.yieldTimeout), this.maxExecuteTime,
				this.workerPoolSize, this.workerQueueCapacity);
	}

	public Integer getCount() {
		return this.count;
	}

	public void setCount(Integer count) {
		this.count = count;
	}

	public Integer getRingBufferSize() {
		return this.ringBufferSize;
	}

	public void setRingBufferSize(Integer ringBufferSize) {
		this.ringBufferSize = ringBufferSize;
	}

	public WaitStrategyType getWaitStrategy() {
		return this.waitStrategy;
	}

	public void setWaitStrategy(WaitStrategyType waitStrategy) {
		this.waitStrategy = waitStrategy;
	}

	public Phased getPhased() {
		return this.phased;
	}

	public Duration getMaxExecuteTime() {
		return this.maxExecuteTime;
	}

	public void setMaxExecuteTime(Duration maxExecuteTime) {
		this.maxExecuteTime = maxExecuteTime;
	}

	public int getWorkerPoolSize() {
		return this.workerPoolSize;
	}

	public void setWorkerPoolSize(int workerPoolSize) {
		this.workerPoolSize = workerPoolSize;
	}

	public int getWorkerQueueCapacity() {
		return this.workerQueueCapacity;
	}

	public void setWorkerQueueCapacity(int workerQueueCapacity) {
		this.workerQueueCapacity = workerQueueCapacity;
	}

	/**
	 * How long an idle loop spins, then yields, before it blocks, with the 'phased' wait strategy.
	 */
	public static class Phased {

		/**
		 * Time an idle loop spins before it yields. Spinning shortens hand-offs only on machines
		 * with cores to spare; elsewhere it takes CPU from the I/O threads. Even at 0 the loop
		 * spins a few microseconds, as the clock is read every 256 spins.
		 * At most 106751d (about 292 years).
		 */
		@DurationMax(days = NanosecondDurations.MAX_DAYS)
		@NotNull
		@DurationMin(nanos = 0)
		private Duration spinTimeout = Duration.ZERO;

		/**
		 * Time an idle loop yields the processor after spinning, before it parks. Like spinning,
		 * yielding takes CPU from the I/O threads on small machines.
		 * At most 106751d (about 292 years).
		 */
		@DurationMax(days = NanosecondDurations.MAX_DAYS)
		@NotNull
		@DurationMin(nanos = 0)
		private Duration yieldTimeout = Duration.ZERO;

		public Duration getSpinTimeout() {
			return this.spinTimeout;
		}

		public void setSpinTimeout(Duration spinTimeout) {
			this.spinTimeout = spinTimeout;
		}

		public Duration getYieldTimeout() {
			return this.yieldTimeout;
		}

		public void setYieldTimeout(Duration yieldTimeout) {
			this.yieldTimeout = yieldTimeout;
		}

	}

}
