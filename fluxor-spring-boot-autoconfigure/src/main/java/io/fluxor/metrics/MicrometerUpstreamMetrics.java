package io.fluxor.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.fluxor.gateway.proxy.UpstreamMetrics;
import io.fluxor.gateway.proxy.UpstreamOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@link UpstreamMetrics} on Micrometer.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Name (Prometheus)</th><th>Type</th><th>Tags</th></tr>
 * <tr><td>{@value #REQUESTS} ({@code fluxor_gateway_upstream_requests_total})</td><td>counter</td><td>route,
 * upstream, outcome</td></tr>
 * <tr><td>{@value #DURATION} ({@code fluxor_gateway_upstream_duration_seconds})</td><td>timer with
 * histogram, 250 µs to 30 s</td><td>route, upstream</td></tr>
 * </table>
 *
 * <p>Tags come from the configuration (route ids, upstream URLs, a closed set of outcomes), so the
 * series are bounded. Meters are created on first use and then found through two map lookups by
 * the strings the proxy already holds: recording allocates nothing. A route that leaves the route
 * table takes its meters with it ({@link #routeRemoved}).
 */
public final class MicrometerUpstreamMetrics implements UpstreamMetrics {

	/** Attempts by route, upstream and outcome. */
	public static final String REQUESTS = "fluxor.gateway.upstream.requests";

	/** Time from sending a request upstream to its response headers or failure. */
	public static final String DURATION = "fluxor.gateway.upstream.duration";

	private final MeterRegistry registry;

	private final ConcurrentMap<String, ConcurrentMap<String, UpstreamMeters>> meters = new ConcurrentHashMap<>();

	/**
	 * Creates the metrics.
	 * @param registry the registry
	 */
	public MicrometerUpstreamMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void attemptEnded(String routeId, String upstream, UpstreamOutcome outcome, long durationNanos) {
		UpstreamMeters meters = this.meters.computeIfAbsent(routeId, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(upstream, (key) -> new UpstreamMeters(this.registry, routeId, upstream));
		meters.requests(outcome).increment();
		if (durationNanos >= 0) {
			meters.duration().record(durationNanos, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Removes the meters of a route from the registry. An attempt of the route that was still running
	 * registers its meter again when it ends.
	 * @param routeId the route id
	 */
	@Override
	public void routeRemoved(String routeId) {
		Map<String, UpstreamMeters> removed = this.meters.remove(routeId);
		if (removed != null) {
			removed.values().forEach(UpstreamMeters::remove);
		}
	}

	private static final class UpstreamMeters {

		private final MeterRegistry registry;

		private final String route;

		private final String upstream;

		private final Counter[] requests = new Counter[UpstreamOutcome.values().length];

		private volatile Timer duration;

		UpstreamMeters(MeterRegistry registry, String route, String upstream) {
			this.registry = registry;
			this.route = route;
			this.upstream = upstream;
		}

		Timer duration() {
			Timer timer = this.duration;
			if (timer == null) {
				timer = Timer.builder(DURATION)
					.description("Time from sending a request upstream to its response headers or failure")
					.tag("route", this.route)
					.tag("upstream", this.upstream)
					.serviceLevelObjectives(LatencyBuckets.BOUNDARIES)
					.register(this.registry);
				this.duration = timer;
			}
			return timer;
		}

		void remove() {
			for (Counter counter : this.requests) {
				if (counter != null) {
					this.registry.remove(counter);
				}
			}
			Timer timer = this.duration;
			if (timer != null) {
				this.registry.remove(timer);
			}
		}

		Counter requests(UpstreamOutcome outcome) {
			Counter counter = this.requests[outcome.ordinal()];
			if (counter == null) {
				// a race registers the same meter twice: Micrometer returns the existing one
				counter = Counter.builder(REQUESTS)
					.description("Attempts to reach an upstream, by outcome")
					.tag("route", this.route)
					.tag("upstream", this.upstream)
					.tag("outcome", outcome.tag())
					.register(this.registry);
				this.requests[outcome.ordinal()] = counter;
			}
			return counter;
		}

	}

}
