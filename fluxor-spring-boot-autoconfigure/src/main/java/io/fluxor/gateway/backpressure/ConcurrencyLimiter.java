package io.fluxor.gateway.backpressure;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Decides which requests run now, which wait and which are shed, without ever blocking the caller.
 *
 * <p>{@link #tryAcquire()} hands out a {@link Permit} at once when one is free; otherwise
 * {@link #acquire()} emits one when the request may run, or fails with a
 * {@link RejectedRequestException}. The permit must be released when the request ends; a
 * subscriber that cancels before the permit reaches it does not leak it. Take the permit in an
 * operator that always accepts its value, such as {@code flatMap} with a {@code doFinally} release:
 * a lambda subscriber disposed while the permit is on its way drops it unseen.
 */
public interface ConcurrencyLimiter {

	/**
	 * Asks for a permit when subscribed.
	 * @return the permit, or a {@link RejectedRequestException}
	 */
	Mono<Permit> acquire();

	/**
	 * Takes a permit at once if one is free and no request waits for one, without allocating a
	 * {@link Mono}: the fast path of a request that does not have to wait.
	 * @return the permit, or {@code null} when the request has to go through {@link #acquire()},
	 * which queues or refuses it
	 */
	Permit tryAcquire();

	/**
	 * Refuses a request at once, without a {@link Mono}, when it could neither run nor wait: the
	 * fail-fast path of an overloaded server, to call when {@link #tryAcquire()} gave nothing. A
	 * refusal is counted in {@link #rejected()}.
	 * @return why the request is refused, or {@code null} when it has to go through
	 * {@link #acquire()}, which may still queue or refuse it (always, by default)
	 */
	default RejectionReason tryReject() {
		return null;
	}

	/**
	 * Returns the requests that hold a permit.
	 * @return the running count
	 */
	int active();

	/**
	 * Returns the requests waiting for a permit.
	 * @return the queued count, 0 for limiters without queue
	 */
	int queued();

	/**
	 * Returns the maximum of running plus queued requests.
	 * @return the max CCU
	 */
	int maxCcu();

	/**
	 * Returns how many requests may run at once now.
	 * @return the current limit
	 */
	int limit();

	/**
	 * Returns how many requests were refused so far.
	 * @return the rejected count
	 */
	long rejected();

	/**
	 * Creates the fixed CCU limiter.
	 * @param maxCcu running plus queued requests, positive
	 * @param utilizationPercent the share of max-ccu that runs at once, 1 to 100
	 * @param queueTimeout how long a request may wait for a permit
	 * @return the limiter
	 */
	static ConcurrencyLimiter fixed(int maxCcu, int utilizationPercent, Duration queueTimeout) {
		return new FixedConcurrencyLimiter(maxCcu, utilizationPercent, queueTimeout);
	}

	/**
	 * Creates the adaptive limiter, a Netflix {@code SimpleLimiter} with a {@code Gradient2Limit}
	 * starting at max-ccu × utilization / 100 and never above max-ccu. Needs
	 * concurrency-limits-core on the class path.
	 * @param maxCcu the highest limit, positive
	 * @param utilizationPercent the share of max-ccu to start with, 1 to 100
	 * @return the limiter
	 */
	static ConcurrencyLimiter adaptive(int maxCcu, int utilizationPercent) {
		return new AdaptiveConcurrencyLimiter(maxCcu, utilizationPercent);
	}

	/**
	 * Returns how many requests run at once for a CCU budget.
	 * @param maxCcu the max CCU
	 * @param utilizationPercent the utilization, 1 to 100
	 * @return max-ccu × utilization / 100, at least 1
	 */
	static int runningCapacity(int maxCcu, int utilizationPercent) {
		if (maxCcu < 1) {
			throw new IllegalArgumentException("maxCcu must be positive but was " + maxCcu);
		}
		if (utilizationPercent < 1 || utilizationPercent > 100) {
			throw new IllegalArgumentException(
					"utilizationPercent must be between 1 and 100 but was " + utilizationPercent);
		}
		return Math.max(1, (int) ((long) maxCcu * utilizationPercent / 100));
	}

}
