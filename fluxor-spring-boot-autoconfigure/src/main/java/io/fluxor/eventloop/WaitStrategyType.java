package io.fluxor.eventloop;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
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
	 * Spins, then yields, then parks, for the times of its {@link PhasedBackoff}: no CPU when idle,
	 * and by default only a brief spin, since on small machines spinning takes CPU from the threads
	 * that feed the loop. The default. Producers unpark the loop only when it is parked, so a busy
	 * loop costs them no lock and no atomic per publish; a loop dispatching to a parked loop wakes it
	 * once its current task ends rather than once per message. One strategy serves one consumer.
	 */
	PHASED {
		@Override
		public WaitStrategy create(PhasedBackoff phases) {
			return new ParkingWaitStrategy(phases);
		}
	};

	/**
	 * Creates a new Disruptor wait strategy of this type; each ring gets its own, with one consumer.
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
