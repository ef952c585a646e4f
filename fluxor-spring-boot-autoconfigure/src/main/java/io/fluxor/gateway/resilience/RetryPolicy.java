package io.fluxor.gateway.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import io.github.resilience4j.core.IntervalFunction;

/**
 * Decides whether and when a failed attempt is retried: on 5xx responses and connection failures,
 * for idempotent methods unless the route opts in, with exponential backoff and jitter (resilience4j
 * {@link IntervalFunction}), and never past the route's total timeout. Counts the retries of its
 * route for {@code fluxor.retry.attempts{route}}.
 * <p>
 * The caller runs the attempts (re-picking an upstream each time with
 * {@code LoadBalancer.choose(excluding)}), asks {@link #nextBackoff} after each failure and calls
 * {@link #retrySent} as each retry goes out.
 */
public final class RetryPolicy {

	/** Value of {@link #nextBackoff} meaning: do not retry. */
	public static final long STOP = -1;

	private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

	private final String routeId;

	private final RetryOptions options;

	private final IntervalFunction backoff;

	private final LongAdder retries = new LongAdder();

	/**
	 * Creates the policy of a route.
	 * @param routeId the route id, the {@code route} metric tag
	 * @param options attempts, backoff and opt-ins
	 */
	public RetryPolicy(String routeId, RetryOptions options) {
		this.routeId = Objects.requireNonNull(routeId, "routeId");
		this.options = Objects.requireNonNull(options, "options");
		this.backoff = IntervalFunction.ofExponentialRandomBackoff(options.baseBackoff(), options.multiplier(),
				options.jitter(), options.maxBackoff());
	}

	/**
	 * Returns whether requests of a method may be retried at all.
	 * @param method request method, case-sensitive (RFC 9110 §9.1): {@code put} is not the idempotent
	 * {@code PUT} but a method of unknown semantics
	 * @return whether the method is idempotent or the route opted in
	 */
	public boolean isRetryable(String method) {
		return this.options.maxAttempts() > 1
				&& (this.options.retryNonIdempotent() || IDEMPOTENT.contains(method));
	}

	/**
	 * Returns whether a response status calls for a retry: any 5xx.
	 * @param status response status
	 * @return whether to retry
	 */
	public static boolean isRetryableStatus(int status) {
		return status >= 500 && status <= 599;
	}

	/**
	 * Returns whether a failure calls for a retry: an I/O failure (refused, reset, closed early) or
	 * a timeout anywhere in its cause chain.
	 * @param failure the failure
	 * @return whether to retry
	 */
	public static boolean isRetryableFailure(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof IOException || t instanceof TimeoutException
					|| t instanceof io.netty.handler.timeout.TimeoutException
					|| t instanceof io.netty.channel.ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns the wait before the next attempt, or {@link #STOP}: when {@code attemptsMade} reached
	 * the maximum, or when after the wait less than the minimum attempt time would be left. A
	 * granted retry is not counted yet: it may never be sent.
	 * @param attemptsMade attempts made so far, at least 1
	 * @param remainingNanos time left of the route's total timeout ({@link Long#MAX_VALUE} if none)
	 * @return the wait in nanoseconds, or {@link #STOP}
	 */
	public long nextBackoff(int attemptsMade, long remainingNanos) {
		if (attemptsMade >= this.options.maxAttempts()) {
			return STOP;
		}
		long wait = Duration.ofMillis(this.backoff.apply(attemptsMade)).toNanos();
		if (remainingNanos - wait < this.options.minAttemptTime().toNanos()) {
			return STOP;
		}
		return wait;
	}

	/**
	 * Counts a retry as it goes out to an upstream.
	 */
	public void retrySent() {
		this.retries.increment();
	}

	/**
	 * Returns the route id.
	 * @return the id
	 */
	public String routeId() {
		return this.routeId;
	}

	/**
	 * Returns the retries sent so far (attempts beyond the first).
	 * @return the count
	 */
	public long retries() {
		return this.retries.sum();
	}

	/**
	 * Returns the options.
	 * @return the options
	 */
	public RetryOptions options() {
		return this.options;
	}

}
