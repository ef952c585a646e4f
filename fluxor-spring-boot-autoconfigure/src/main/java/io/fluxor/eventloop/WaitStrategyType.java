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
		public WaitStrategy create(PhasedBackoff phases) {
			return new BlockingWaitStrategy();
		}
	},

	/**
	 * Spins, then yields, then sleeps in short naps: low latency with modest idle CPU.
	 */
	SLEEPING {
		@Override
		public WaitStrategy create(PhasedBackoff phases) {
			return new SleepingWaitStrategy();
		}
	},

	/**
	 * Spins, then yields the thread: low latency, but a full core per idle loop.
	 */
	YIELDING {
		@Override
		public WaitStrategy create(PhasedBackoff phases) {
			return new YieldingWaitStrategy();
		}
	},

	/**
	 * Spins forever: the lowest latency, a full core per loop at all times. Only for dedicated cores.
	 */
	BUSY_SPIN {
		@Override
		public WaitStrategy create(PhasedBackoff phases) {
			return new BusySpinWaitStrategy();
		}
	},

	/**
	 * Spins, then yields, then blocks, for the times of its {@link PhasedBackoff}: no CPU when idle,
	 * and by default no spin, which on small machines takes CPU from the threads that feed the
	 * loop. The default. It blocks on a lock that producers signal only when the loop sleeps on it,
	 * so a busy loop costs its producers no lock per publish.
	 */
	PHASED {
		@Override
		public WaitStrategy create(PhasedBackoff phases) {
			return PhasedBackoffWaitStrategy.withLiteLock(phases.spinTimeout().toNanos(),
					phases.yieldTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
	};

	/**
	 * Creates a new Disruptor wait strategy of this type; each ring gets its own.
	 * @param phases the phases, used by {@link #PHASED} only
	 * @return a new wait strategy
	 */
	public abstract WaitStrategy create(PhasedBackoff phases);

	/**
	 * Creates a new Disruptor wait strategy of this type with the default phases.
	 * @return a new wait strategy
	 */
	public WaitStrategy create() {
		return create(PhasedBackoff.DEFAULT);
	}

}
