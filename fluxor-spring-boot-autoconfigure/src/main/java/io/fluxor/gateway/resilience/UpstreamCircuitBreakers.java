package io.fluxor.gateway.resilience;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.fluxor.gateway.loadbalance.Upstream;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * The circuit breakers of a route's upstreams, one per upstream URL, in a resilience4j registry
 * shared by all routes (bind it once with {@code TaggedCircuitBreakerMetrics} for
 * {@code resilience4j_circuitbreaker_state{name,state}}). Breaker state is about the upstream, so
 * routes listing the same URL share its breaker.
 * <p>
 * Use: {@link #isAvailable} as the load balancer's availability test; {@link #tryAcquire} before
 * the call (false in half-open once the trial calls are taken: re-pick); then exactly one of
 * {@link #onResponse}, {@link #onFailure} or {@link #onCancel}.
 * <p>
 * Building the breakers changes nothing in the registry. Each upstream's breaker is looked up (or
 * created with this route's settings) on first use and kept, so a request that is still running
 * when its route leaves the table records into the breaker it started with and does not bring a
 * removed breaker back. A route table can take charge of the registry instead, as the routes
 * change: {@link #install} for a route that goes live, {@link #follow} for the routes that share its
 * upstreams, {@link #release} once no route lists an upstream any more.
 */
public final class UpstreamCircuitBreakers {

	private final CircuitBreakerRegistry registry;

	private final CircuitBreakerOptions options;

	private final CircuitBreakerConfig config;

	/** The breaker in use for each upstream URL. */
	private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	/**
	 * Creates the breakers of a route.
	 * @param registry the shared registry
	 * @param options the route's breaker settings
	 */
	public UpstreamCircuitBreakers(CircuitBreakerRegistry registry, CircuitBreakerOptions options) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.options = Objects.requireNonNull(options, "options");
		this.config = options.toConfig();
	}

	/**
	 * Returns the breaker of an upstream, named by its URL: the one in use, else the registry's,
	 * created with this route's settings when it has none.
	 * @param upstream the upstream
	 * @return the breaker
	 */
	public CircuitBreaker breaker(Upstream upstream) {
		CircuitBreaker breaker = this.breakers.get(upstream.id());
		if (breaker != null) {
			return breaker;
		}
		return this.breakers.computeIfAbsent(upstream.id(), (name) -> this.registry.circuitBreaker(name, this.config));
	}

	/**
	 * Puts this route's settings in force for an upstream, for a route that has just gone live:
	 * the registry's breaker stays, with its state, when it has these settings; otherwise a fresh
	 * breaker with these settings takes its place (or is added), closed, so that the new settings
	 * apply at once. This route uses it from now on; other routes listing the upstream use it once
	 * they {@link #follow}.
	 * @param upstream the upstream
	 * @return the breaker now in the registry
	 */
	public CircuitBreaker install(Upstream upstream) {
		String name = upstream.id();
		CircuitBreaker current = this.registry.circuitBreaker(name, this.config);
		CircuitBreaker installed = current;
		if (!hasThisRoutesSettings(current)) {
			installed = CircuitBreaker.of(name, this.config, current.getTags());
			this.registry.replace(name, installed);
		}
		this.breakers.put(name, installed);
		return installed;
	}

	private boolean hasThisRoutesSettings(CircuitBreaker breaker) {
		CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
		return config == this.config || CircuitBreakerOptions.of(config).equals(CircuitBreakerOptions.of(this.config));
	}

	/**
	 * Uses the registry's breaker of an upstream from now on, as another route may have installed a
	 * new one; adds one with this route's settings when the registry has none.
	 * @param upstream the upstream
	 */
	public void follow(Upstream upstream) {
		this.breakers.put(upstream.id(), this.registry.circuitBreaker(upstream.id(), this.config));
	}

	/**
	 * Takes an upstream's breaker out of the registry, with its meters, once no route lists the
	 * upstream any more. Requests of this route still running record into the breaker they
	 * started with.
	 * @param upstream the upstream
	 */
	public void release(Upstream upstream) {
		this.registry.remove(upstream.id());
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
	 * Returns this route's breaker settings; a breaker it shares may have another route's.
	 * @return the settings
	 */
	public CircuitBreakerOptions options() {
		return this.options;
	}

	/**
	 * Returns the shared registry, for metrics and the actuator endpoint.
	 * @return the registry
	 */
	public CircuitBreakerRegistry registry() {
		return this.registry;
	}

}
