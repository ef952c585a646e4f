package io.fluxor.metrics;


import io.fluxor.gateway.ratelimit.RateLimitMetrics;
import io.fluxor.gateway.ratelimit.RateLimitScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link RateLimitMetrics} on Micrometer: the counter {@value #REJECTED}
 * ({@code fluxor_ratelimit_rejected_total}) tagged {@code route} (route id) and {@code scope}
 * ({@code route} or {@code user}). The tags are bounded by the configuration; user keys are never
 * tags. Counters are looked up once per route and cached, so counting a rejection allocates nothing;
 * a route whose limits leave the route table takes its series with it ({@link #routeRemoved}).
 */
public final class MicrometerRateLimitMetrics implements RateLimitMetrics {

	/** Requests answered 429, by route and scope. */
	public static final String REJECTED = "fluxor.ratelimit.rejected";

	private final RouteCounters<RateLimitScope> counters;

	/**
	 * Creates the metrics.
	 * @param registry the registry
	 */
	public MicrometerRateLimitMetrics(MeterRegistry registry) {
		this.counters = new RouteCounters<>(registry, RateLimitScope.class, (route) -> (scope) -> Counter.builder(REJECTED)
			.description("Requests refused by a rate limit")
			.tag("route", route)
			.tag("scope", scope.tag()));
	}

	/**
	 * Registers the counters of a route at zero, so that rates can be computed before the first
	 * rejection.
	 * @param route the route id
	 * @param scope the scope the route limits
	 */
	public void register(String route, RateLimitScope scope) {
		counter(route, scope);
	}

	@Override
	public void rejected(String route, RateLimitScope scope) {
		counter(route, scope).increment();
	}

	@Override
	public void routeRemoved(String route) {
		this.counters.remove(route);
	}

	private Counter counter(String route, RateLimitScope scope) {
		return this.counters.counter(route, scope);
	}

}
