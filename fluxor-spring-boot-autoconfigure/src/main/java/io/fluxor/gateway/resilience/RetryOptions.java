package io.fluxor.gateway.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a route's retries.
 *
 * @param maxAttempts attempts in all, the first included (1 disables retries)
 * @param baseBackoff wait before the first retry
 * @param multiplier factor applied to the wait after each retry
 * @param jitter randomization factor between 0 and 1 (0.5: each wait is drawn in ±50%)
 * @param maxBackoff longest wait between two attempts
 * @param retryNonIdempotent whether POST and PATCH are retried too (only if their body is
 * replayable)
 * @param minAttemptTime least time an attempt needs: none starts when less of the total timeout is
 * left
 */
public record RetryOptions(int maxAttempts, Duration baseBackoff, double multiplier, double jitter,
		Duration maxBackoff, boolean retryNonIdempotent, Duration minAttemptTime) {

	/** Default options: 3 attempts, 100ms doubling with ±50% jitter up to 2s, idempotent only, 50ms. */
	public static final RetryOptions DEFAULTS = new RetryOptions(3, Duration.ofMillis(100), 2.0, 0.5,
			Duration.ofSeconds(2), false, Duration.ofMillis(50));

	/**
	 * Validates the options.
	 */
	public RetryOptions {
		Objects.requireNonNull(baseBackoff, "baseBackoff");
		Objects.requireNonNull(maxBackoff, "maxBackoff");
		Objects.requireNonNull(minAttemptTime, "minAttemptTime");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
		}
		if (baseBackoff.toMillis() < 1) {
			throw new IllegalArgumentException("base-backoff must be at least 1ms, was " + baseBackoff);
		}
		if (maxBackoff.toMillis() < 1) {
			throw new IllegalArgumentException("max-backoff must be at least 1ms, was " + maxBackoff);
		}
		if (!(multiplier >= 1)) {
			throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
		}
		if (!(jitter >= 0 && jitter < 1)) {
			throw new IllegalArgumentException("jitter must be between 0 (inclusive) and 1 (exclusive), was " + jitter);
		}
	}

}
