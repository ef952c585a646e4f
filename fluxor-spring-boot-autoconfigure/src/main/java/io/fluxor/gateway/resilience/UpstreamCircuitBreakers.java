package io.fluxor.gateway.resilience;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.fluxor.gateway.loadbalance.Upstream;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * The circuit breakers of a route's upstreams, one per upstream URL, in a resilience4j registry
 * shared by all routes (bind it once with {@code TaggedCircuitBreakerMetrics} for
 * {@code resilience4j_circuitbreaker_state{name,state}}). Breaker state is about the upstream, so
 * routes listing the same URL share its breaker, configured by whichever route created it first.
 * <p>
 * Use: {@link #isAvailable} as the load balancer's availability test; {@link #tryAcquire} before
 * the call (false in half-open once the trial calls are taken: re-pick); then exactly one of
 * {@link #onResponse}, {@link #onFailure} or {@link #onCancel}.
 */
public final class UpstreamCircuitBreakers {

	private final CircuitBreakerRegistry registry;

	private final CircuitBreakerConfig config;

	/**
	 * Creates the breakers of a route.
	 * @param registry the shared registry
	 * @param options the route's breaker settings
	 */
	public UpstreamCircuitBreakers(CircuitBreakerRegistry registry, CircuitBreakerOptions options) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.config = options.toConfig();
	}

	/**
	 * Returns the breaker of an upstream, named by its URL.
	 * @param upstream the upstream
	 * @return the breaker
	 */
	public CircuitBreaker breaker(Upstream upstream) {
		return this.registry.circuitBreaker(upstream.id(), this.config);
	}

	/**
	 * Returns whether an upstream may be chosen: its breaker is not open. Side-effect free.
	 * @param upstream the upstream
	 * @return whether it is available
	 */
	public boolean isAvailable(Upstream upstream) {
		CircuitBreaker.State state = breaker(upstream).getState();
		return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
	}

	/**
	 * Takes a call permission from the upstream's breaker.
	 * @param upstream the upstream
	 * @return whether the call may be made
	 */
	public boolean tryAcquire(Upstream upstream) {
		return breaker(upstream).tryAcquirePermission();
	}

	/**
	 * Records an upstream response: 5xx counts as a failure, anything else as a success (slow
	 * calls are judged by duration).
	 * @param upstream the upstream
	 * @param durationNanos time from request to response headers
	 * @param status the response status
	 */
	public void onResponse(Upstream upstream, long durationNanos, int status) {
		CircuitBreaker breaker = breaker(upstream);
		if (status >= 500) {
			breaker.onError(durationNanos, TimeUnit.NANOSECONDS, new UpstreamStatusException(status));
		}
		else {
			breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Records a failed exchange (connection refused, timeout, reset).
	 * @param upstream the upstream
	 * @param durationNanos time until the failure
	 * @param failure the failure
	 */
	public void onFailure(Upstream upstream, long durationNanos, Throwable failure) {
		breaker(upstream).onError(durationNanos, TimeUnit.NANOSECONDS, failure);
	}

	/**
	 * Gives back a permission whose call was cancelled (client gone) and proves nothing.
	 * @param upstream the upstream
	 */
	public void onCancel(Upstream upstream) {
		breaker(upstream).releasePermission();
	}

	/**
	 * Returns the shared registry, for metrics and the actuator endpoint.
	 * @return the registry
	 */
	public CircuitBreakerRegistry registry() {
		return this.registry;
	}

}
