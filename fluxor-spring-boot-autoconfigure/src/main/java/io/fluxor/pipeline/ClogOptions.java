package io.fluxor.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How clogs are detected and handled.
 *
 * @param timeout how long a stage may make no progress while items wait in its input before it is
 * reported clogged
 * @param policy what to do with a clogged stage
 * @param restartBackoff delay before the first restart; doubled for each consecutive restart
 * @param maxRestartBackoff upper bound of the restart delay
 */
public record ClogOptions(Duration timeout, ClogPolicy policy, Duration restartBackoff, Duration maxRestartBackoff) {

	/** Default clog timeout. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** Default policy. */
	public static final ClogPolicy DEFAULT_POLICY = ClogPolicy.RESTART;

	/** Default first restart delay. */
	public static final Duration DEFAULT_RESTART_BACKOFF = Duration.ofMillis(100);

	/** Default upper bound of the restart delay. */
	public static final Duration DEFAULT_MAX_RESTART_BACKOFF = Duration.ofSeconds(30);

	public ClogOptions {
		Objects.requireNonNull(timeout, "timeout");
		Objects.requireNonNull(policy, "policy");
		Objects.requireNonNull(restartBackoff, "restartBackoff");
		Objects.requireNonNull(maxRestartBackoff, "maxRestartBackoff");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive but was " + timeout);
		}
		if (restartBackoff.isNegative() || maxRestartBackoff.compareTo(restartBackoff) < 0) {
			throw new IllegalArgumentException("restartBackoff must be between 0 and maxRestartBackoff but was "
					+ restartBackoff);
		}
	}

	/**
	 * Returns the defaults.
	 * @return the default options
	 */
	public static ClogOptions defaults() {
		return new ClogOptions(DEFAULT_TIMEOUT, DEFAULT_POLICY, DEFAULT_RESTART_BACKOFF, DEFAULT_MAX_RESTART_BACKOFF);
	}

	/**
	 * Returns a copy with another timeout and policy.
	 * @param timeout the detection time
	 * @param policy the policy
	 * @return the new options
	 */
	public ClogOptions with(Duration timeout, ClogPolicy policy) {
		return new ClogOptions(timeout, policy, this.restartBackoff, this.maxRestartBackoff);
	}

	/**
	 * Returns a copy with another restart back-off.
	 * @param restartBackoff the first delay
	 * @param maxRestartBackoff the upper bound
	 * @return the new options
	 */
	public ClogOptions withBackoff(Duration restartBackoff, Duration maxRestartBackoff) {
		return new ClogOptions(this.timeout, this.policy, restartBackoff, maxRestartBackoff);
	}

}
