package io.fluxor.gateway.resilience;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps concurrent retries at a share of the requests in flight, as Envoy's retry budgets do: with
 * 20% and 100 live requests, at most 20 retries run at once, but never fewer than
 * {@code minRetryConcurrency}. When an upstream fails wholesale, retries stop multiplying its load
 * instead of tripling it. Lock-free counters; a denied retry is counted, not thrown.
 * <p>
 * Contract: {@link #requestStarted()} / {@link #requestFinished()} around every request of the
 * route; {@link #tryAcquireRetry()} before each retry and, when granted,
 * {@link #releaseRetry()} when that retry ends.
 */
public final class RetryBudget {

	/** Default share of the live requests that may be retries, in percent. */
	public static final double DEFAULT_BUDGET_PERCENT = 20.0;

	/** Default number of concurrent retries always allowed. */
	public static final int DEFAULT_MIN_RETRY_CONCURRENCY = 3;

	private final double budgetPercent;

	private final int minRetryConcurrency;

	private final AtomicInteger activeRequests = new AtomicInteger();

	private final AtomicInteger activeRetries = new AtomicInteger();

	private final LongAdder denied = new LongAdder();

	/**
	 * Creates a budget.
	 * @param budgetPercent share of live requests that may be retries (0-100)
	 * @param minRetryConcurrency concurrent retries always allowed
	 */
	public RetryBudget(double budgetPercent, int minRetryConcurrency) {
		if (!(budgetPercent >= 0 && budgetPercent <= 100)) {
			throw new IllegalArgumentException("budget-percent must be between 0 and 100, was " + budgetPercent);
		}
		if (minRetryConcurrency < 0) {
			throw new IllegalArgumentException("min-retry-concurrency must not be negative, was " + minRetryConcurrency);
		}
		this.budgetPercent = budgetPercent;
		this.minRetryConcurrency = minRetryConcurrency;
	}

	/**
	 * Counts a request of the route as live.
	 */
	public void requestStarted() {
		this.activeRequests.incrementAndGet();
	}

	/**
	 * Counts a request of the route as finished.
	 */
	public void requestFinished() {
		this.activeRequests.decrementAndGet();
	}

	/**
	 * Takes a retry slot if the budget allows.
	 * @return whether the retry may run
	 */
	public boolean tryAcquireRetry() {
		int allowed = Math.max(this.minRetryConcurrency,
				(int) (this.activeRequests.get() * this.budgetPercent / 100.0));
		for (;;) {
			int current = this.activeRetries.get();
			if (current >= allowed) {
				this.denied.increment();
				return false;
			}
			if (this.activeRetries.compareAndSet(current, current + 1)) {
				return true;
			}
		}
	}

	/**
	 * Gives back a retry slot.
	 */
	public void releaseRetry() {
		this.activeRetries.decrementAndGet();
	}

	/**
	 * Returns the retries running now.
	 * @return the count
	 */
	public int activeRetries() {
		return this.activeRetries.get();
	}

	/**
	 * Returns the retries denied so far.
	 * @return the count
	 */
	public long denied() {
		return this.denied.sum();
	}

}
