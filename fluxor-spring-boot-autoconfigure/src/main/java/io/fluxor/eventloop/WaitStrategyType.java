package io.fluxor.eventloop;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How an idle event loop waits for work: the trade-off between wake-up latency and the CPU an idle
 * loop burns.
 */
public enum WaitStrategyType {

	/**
	 * Parks on a lock until work arrives: no CPU when idle, a few microseconds to wake up, and a
	 * lock on every publish.
	 */
	BLOCKING {
		@Override
		public WaitStrategy create() {
			return new BlockingWaitStrategy();
		}
	},

	/**
	 * Spins, then yields, then sleeps in short naps: low latency with modest idle CPU.
	 */
	SLEEPING {
		@Override
		public WaitStrategy create() {
			return new SleepingWaitStrategy();
		}
	},

	/**
	 * Spins, then yields the thread: low latency, but a full core per idle loop.
	 */
	YIELDING {
		@Override
		public WaitStrategy create() {
			return new YieldingWaitStrategy();
		}
	},

	/**
	 * Spins forever: the lowest latency, a full core per loop at all times. Only for dedicated cores.
	 */
	BUSY_SPIN {
		@Override
		public WaitStrategy create() {
			return new BusySpinWaitStrategy();
		}
	},

	/**
	 * Spins for a few microseconds, yields for a little longer, then blocks: near-spin latency
	 * under load and no CPU when idle. The default. It blocks on a lock that producers signal only
	 * when the loop sleeps on it, so a busy loop costs its producers no lock per publish.
	 */
	PHASED {
		@Override
		public WaitStrategy create() {
			return PhasedBackoffWaitStrategy.withLiteLock(PHASED_SPIN_MICROS, PHASED_YIELD_MICROS,
					TimeUnit.MICROSECONDS);
		}
	};

	private static final long PHASED_SPIN_MICROS = 20;

	// Short: on a small machine a yielding idle loop takes CPU from the threads that feed it.
	private static final long PHASED_YIELD_MICROS = 50;

	/**
	 * Creates a new Disruptor wait strategy of this type; each ring gets its own.
	 * @return a new wait strategy
	 */
	public abstract WaitStrategy create();

}
