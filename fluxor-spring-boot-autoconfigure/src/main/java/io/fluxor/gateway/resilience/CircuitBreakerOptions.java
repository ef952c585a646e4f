package io.fluxor.gateway.resilience;

import java.time.Duration;
import java.util.Objects;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Settings of the circuit breakers of a route's upstreams (count-based sliding window).
 *
 * @param failureRateThreshold failure percentage (1-100) at which the breaker opens
 * @param slidingWindowSize number of recent calls the rates are computed over
 * @param minimumNumberOfCalls calls needed before the rates count
 * @param waitDurationInOpenState time the breaker stays open before letting trial calls through
 * @param permittedCallsInHalfOpenState trial calls that decide whether to close again
 * @param slowCallDurationThreshold duration above which a call counts as slow
 * @param slowCallRateThreshold slow-call percentage (1-100) at which the breaker opens
 */
public record CircuitBreakerOptions(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
		Duration waitDurationInOpenState, int permittedCallsInHalfOpenState, Duration slowCallDurationThreshold,
		float slowCallRateThreshold) {

	/** Default options: 50% failures over 20 calls (10 at least), 30s open, 3 trial calls, 10s slow. */
	public static final CircuitBreakerOptions DEFAULTS = new CircuitBreakerOptions(50, 20, 10, Duration.ofSeconds(30),
			3, Duration.ofSeconds(10), 100);

	/**
	 * Validates the options, naming the wrong value as in configuration, as resilience4j would
	 * refuse it.
	 */
	public CircuitBreakerOptions {
		Objects.requireNonNull(waitDurationInOpenState, "waitDurationInOpenState");
		Objects.requireNonNull(slowCallDurationThreshold, "slowCallDurationThreshold");
		requirePercentage("failure-rate-threshold", failureRateThreshold);
		requireAtLeastOne("sliding-window-size", slidingWindowSize);
		requireAtLeastOne("minimum-number-of-calls", minimumNumberOfCalls);
		if (waitDurationInOpenState.toMillis() < 1) {
			throw new IllegalArgumentException(
					"wait-duration-in-open-state must be at least 1ms, was " + waitDurationInOpenState);
		}
		requireAtLeastOne("permitted-calls-in-half-open-state", permittedCallsInHalfOpenState);
		if (slowCallDurationThreshold.isNegative() || slowCallDurationThreshold.isZero()) {
			throw new IllegalArgumentException(
					"slow-call-duration-threshold must be positive, was " + slowCallDurationThreshold);
		}
		requirePercentage("slow-call-rate-threshold", slowCallRateThreshold);
	}

	/**
	 * Returns the options a resilience4j configuration holds, to tell whether two breakers have the
	 * same settings.
	 * @param config the configuration
	 * @return the options
	 */
	public static CircuitBreakerOptions of(CircuitBreakerConfig config) {
		return new CircuitBreakerOptions(config.getFailureRateThreshold(), config.getSlidingWindowSize(),
				config.getMinimumNumberOfCalls(),
				Duration.ofMillis(config.getWaitIntervalFunctionInOpenState().apply(1)),
				config.getPermittedNumberOfCallsInHalfOpenState(), config.getSlowCallDurationThreshold(),
				config.getSlowCallRateThreshold());
	}

	/**
	 * Returns the resilience4j configuration; it validates the values and names the wrong one. An
	 * open breaker moves to half-open by itself once the wait is over: the load balancer skips
	 * open upstreams, so no call would ever ask it to.
	 * @return the configuration
	 */
	public CircuitBreakerConfig toConfig() {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(this.failureRateThreshold)
			.slidingWindowSize(this.slidingWindowSize)
			.minimumNumberOfCalls(this.minimumNumberOfCalls)
			.waitDurationInOpenState(this.waitDurationInOpenState)
			.permittedNumberOfCallsInHalfOpenState(this.permittedCallsInHalfOpenState)
			.slowCallDurationThreshold(this.slowCallDurationThreshold)
			.slowCallRateThreshold(this.slowCallRateThreshold)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
	}

	private static void requirePercentage(String name, float value) {
		if (!(value > 0 && value <= 100)) {
			throw new IllegalArgumentException(name + " must be above 0 and at most 100, was " + value);
		}
	}

	private static void requireAtLeastOne(String name, int value) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, was " + value);
		}
	}

}
