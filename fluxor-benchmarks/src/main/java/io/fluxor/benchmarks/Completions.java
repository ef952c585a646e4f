package io.fluxor.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Counters of completed work, one per writer thread, read by the benchmark thread that waits for
 * them. Each counter has a single writer, so it is bumped with a release store rather than an atomic
 * increment, and counters sit 128 bytes apart so that two writers never share a cache line: the
 * harness adds the same small cost to every side it measures.
 */
final class Completions {

	private static final int STRIDE = 16;

	private static final int SPINS = 128;

	private static final long YIELD_MICROS = 50;

	private static final long YIELD_NANOS = TimeUnit.MICROSECONDS.toNanos(YIELD_MICROS);

	private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(10);

	private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final AtomicLongArray counters;

	private final int writers;

	Completions(int writers) {
		this.writers = writers;
		this.counters = new AtomicLongArray((writers + 1) * STRIDE);
	}

	/**
	 * Counts one completion; only ever called by the single thread that owns the counter.
	 * @param writer the counter index
	 */
	void add(int writer) {
		int index = (writer + 1) * STRIDE;
		this.counters.lazySet(index, this.counters.get(index) + 1);
	}

	/**
	 * Counts one completion from a thread that may not be the counter's only writer.
	 * @param writer the counter index
	 */
	void addAtomic(int writer) {
		this.counters.getAndIncrement((writer + 1) * STRIDE);
	}

	long sum() {
		long sum = 0;
		for (int writer = 0; writer < this.writers; writer++) {
			sum += this.counters.get((writer + 1) * STRIDE);
		}
		return sum;
	}

	/**
	 * Waits until at least {@code target} completions were counted: spins briefly, yields for up to
	 * {@value #YIELD_MICROS} µs, then parks in short naps, so that on a machine with few cores the
	 * waiting thread does not take a core from the threads it waits for.
	 * @param target the completions to wait for
	 * @throws IllegalStateException if they do not come within 30 seconds (work was lost)
	 */
	void awaitAtLeast(long target) {
		if (sum() >= target) {
			return;
		}
		for (int spin = 0; spin < SPINS; spin++) {
			Thread.onSpinWait();
			if (sum() >= target) {
				return;
			}
		}
		long start = System.nanoTime();
		while (sum() < target) {
			long waited = System.nanoTime() - start;
			if (waited < YIELD_NANOS) {
				Thread.yield();
			}
			else if (waited < GIVE_UP_NANOS) {
				LockSupport.parkNanos(PARK_NANOS);
			}
			else {
				throw new IllegalStateException("Only " + sum() + " of " + target + " completions after 30 s");
			}
		}
	}

}
