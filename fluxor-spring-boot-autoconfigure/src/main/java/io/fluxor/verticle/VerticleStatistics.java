package io.fluxor.verticle;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of the deployments that share a name, kept after they are undeployed so that
 * metrics stay monotonic: restarts, and how many of them are failed right now.
 */
public final class VerticleStatistics {

	private final String name;

	private final LongAdder restarts = new LongAdder();

	private final AtomicInteger failed = new AtomicInteger();

	VerticleStatistics(String name) {
		this.name = name;
	}

	/**
	 * Returns the deployment name these counters are for.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns how many restarts the deployments of this name have had.
	 * @return the restart count
	 */
	public long restarts() {
		return this.restarts.sum();
	}

	/**
	 * Returns how many deployments of this name are {@link VerticleState#FAILED} now.
	 * @return the failed count, usually 0 or 1
	 */
	public int failed() {
		return this.failed.get();
	}

	void recordRestart() {
		this.restarts.increment();
	}

	void recordFailed() {
		this.failed.incrementAndGet();
	}

	void recordFailedUndeployed() {
		this.failed.decrementAndGet();
	}

}
