package io.fluxor.eventloop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

/**
 * How a loop of the {@link WaitStrategyType#PHASED phased} type waits: it spins, then yields, for the
 * times of its {@link PhasedBackoff}, then parks its thread until a producer wakes it.
 *
 * <p>A producer pays for a wake-up only when the loop is parked: it reads the parked flag, and swaps
 * it only when it is set. The plain read is enough because every producer first claims its slot
 * with an atomic update of the ring's cursor, and the loop raises the flag with a volatile write
 * before it reads the cursor one last time: either the loop sees the claim or the producer sees the
 * flag. A producer that is itself a loop hands the wake-up to its {@link DeferredWakes}, delivered
 * when its task ends, so that a task sending many messages wakes a parked loop once rather than once
 * per message (a wake-up is a system call). Parking needs the consumer's thread: one strategy serves
 * one ring with one consumer.
 */
final class ParkingWaitStrategy implements WaitStrategy {

	private static final VarHandle PARKED;

	static {
		try {
			PARKED = MethodHandles.lookup().findVarHandle(ParkingWaitStrategy.class, "parked", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Spins between two clock reads: a clock read costs as much as many spins. */
	private static final int SPINS_PER_CLOCK_READ = 256;

	private final long spinNanos;

	private final long spinAndYieldNanos;

	@SuppressWarnings("unused") // accessed through PARKED
	private volatile boolean parked;

	private volatile Thread consumer;

	ParkingWaitStrategy(PhasedBackoff phases) {
		this.spinNanos = phases.spinTimeout().toNanos();
		long spinAndYield = this.spinNanos + phases.yieldTimeout().toNanos();
		// two long phases would overflow: waiting that long is waiting forever
		this.spinAndYieldNanos = (spinAndYield < 0) ? Long.MAX_VALUE : spinAndYield;
	}

	@Override
	public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
			throws AlertException {
		long available;
		long start = 0;
		boolean yielding = false;
		int countdown = SPINS_PER_CLOCK_READ;
		while ((available = dependentSequence.get()) < sequence) {
			barrier.checkAlert();
			if (--countdown == 0) {
				long now = System.nanoTime();
				if (start == 0) {
					start = now;
				}
				long waited = now - start;
				if (waited >= this.spinAndYieldNanos) {
					return park(sequence, cursor, dependentSequence, barrier);
				}
				yielding = waited >= this.spinNanos;
				countdown = SPINS_PER_CLOCK_READ;
			}
			if (yielding) {
				Thread.yield();
			}
			else {
				Thread.onSpinWait();
			}
		}
		return available;
	}

	private long park(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
			throws AlertException {
		if (this.consumer == null) {
			this.consumer = Thread.currentThread();
		}
		while (cursor.get() < sequence) {
			PARKED.setVolatile(this, true);
			if (cursor.get() >= sequence) {
				break;
			}
			barrier.checkAlert();
			LockSupport.park(this);
			// A loop thread is not stopped by interruption (halting alerts it); an interrupt left set
			// would make every later park return at once.
			Thread.interrupted();
		}
		PARKED.setOpaque(this, false);
		long available;
		// The slot is claimed; its producer is about to publish it.
		while ((available = dependentSequence.get()) < sequence) {
			barrier.checkAlert();
			Thread.onSpinWait();
		}
		return available;
	}

	@Override
	public void signalAllWhenBlocking() {
		if (!isParked()) {
			return;
		}
		DeferredWakes deferred = DeferredWakes.ofCurrentDispatch();
		if (deferred != null) {
			deferred.add(this);
		}
		else {
			wake();
		}
	}

	boolean isParked() {
		return (boolean) PARKED.getVolatile(this);
	}

	/**
	 * Wakes the loop if it is parked; safe from any thread.
	 */
	void wake() {
		if (isParked() && (boolean) PARKED.getAndSet(this, false)) {
			LockSupport.unpark(this.consumer);
		}
	}

}
