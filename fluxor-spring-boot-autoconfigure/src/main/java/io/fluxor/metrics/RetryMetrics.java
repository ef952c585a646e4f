package io.fluxor.metrics;

import io.fluxor.gateway.resilience.RetryPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The counter {@code fluxor.retry.attempts{route}} (Prometheus {@code fluxor_retry_attempts_total}):
 * retries a route's {@link RetryPolicy} granted and the proxy sent, first attempts excluded. The counter reads one
 * policy object: remove it before binding the policy of a route that replaces this one.
 */
public class RetryMetrics implements MeterBinder {

	private final RetryPolicy policy;

	/**
	 * Creates the binder.
	 * @param policy the route's retry policy
	 */
	public RetryMetrics(RetryPolicy policy) {
		this.policy = policy;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		register(registry);
	}

	/**
	 * Registers the counter and returns it, so that it can be removed when the route goes.
	 * @param registry the registry
	 * @return the counter
	 */
	public Meter register(MeterRegistry registry) {
		return FunctionCounter.builder("fluxor.retry.attempts", this.policy, RetryPolicy::retries)
			.tag("route", this.policy.routeId())
			.description("Retries of upstream requests, first attempts excluded")
			.register(registry);
	}

}
