package io.fluxor.autoconfigure.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fluxor.gateway.proxy.UpstreamMetrics;
import io.fluxor.gateway.proxy.UpstreamProxy;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteListener;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.fluxor.metrics.ResponseCacheMetrics;
import io.fluxor.metrics.RetryMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Keeps the meters of the routes to upstreams in step with the live routes of the
 * {@link RouteRegistry}: {@code fluxor.cache.requests} and {@code fluxor.cache.size} of each route's
 * cache and {@code fluxor.retry.attempts} of its retry policy, bound once every bean exists and then
 * on every change of the route table ({@link RouteListener}).
 *
 * <p>These meters read one cache or policy object, and the registry hands back the meter it already
 * has for the same name and tags; so a route replaced under the same id has its old meters removed
 * before the new route's are registered, and a route that left the table (or stopped going to
 * upstreams) has its meters removed, along with its {@code fluxor.gateway.upstream.*} series
 * ({@link UpstreamMetrics#routeRemoved}). Changes are applied one at a time, always to the table in
 * use, so a change that races the first binding is never lost.
 */
class UpstreamRouteMetricsBinder extends RouteTableBinder {

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<UpstreamMetrics> upstreamMetrics;

	private MeterRegistry meterRegistry;

	/** The meters bound for each route to upstreams, by route id; guarded by this. */
	private Map<String, BoundRoute> bound = Map.of();

	UpstreamRouteMetricsBinder(ObjectProvider<MeterRegistry> registry, ObjectProvider<RouteRegistry> routes,
			ObjectProvider<UpstreamMetrics> upstreamMetrics) {
		super(routes);
		this.registry = registry;
		this.upstreamMetrics = upstreamMetrics;
	}

	@Override
	boolean prepare(RouteRegistry routes) {
		this.meterRegistry = this.registry.getIfAvailable();
		return this.meterRegistry != null;
	}

	@Override
	void bind(Router router) {
		Map<String, BoundRoute> next = new HashMap<>();
		for (Route route : router.routes()) {
			if (route.target() instanceof RouteTarget.Upstreams upstreams) {
				UpstreamProxy proxy = upstreams.proxy();
				BoundRoute current = this.bound.get(route.id());
				if (current != null && current.proxy() == proxy) {
					next.put(route.id(), current);
					continue;
				}
				if (current != null) {
					// the same name and tags would return the replaced route's meters
					current.remove(this.meterRegistry);
				}
				next.put(route.id(), BoundRoute.bind(proxy, this.meterRegistry));
			}
		}
		UpstreamMetrics upstreamMetrics = null;
		for (Map.Entry<String, BoundRoute> entry : this.bound.entrySet()) {
			if (!next.containsKey(entry.getKey())) {
				entry.getValue().remove(this.meterRegistry);
				upstreamMetrics = (upstreamMetrics != null) ? upstreamMetrics
						: this.upstreamMetrics.getIfAvailable(UpstreamMetrics::noop);
				upstreamMetrics.routeRemoved(entry.getKey());
			}
		}
		this.bound = next;
	}

	/**
	 * The meters registered for one route's proxy.
	 */
	private record BoundRoute(UpstreamProxy proxy, List<Meter> meters) {

		static BoundRoute bind(UpstreamProxy proxy, MeterRegistry registry) {
			List<Meter> meters = new ArrayList<>();
			if (proxy.cache() != null) {
				meters.addAll(new ResponseCacheMetrics(proxy.cache()).register(registry));
			}
			if (proxy.retryPolicy() != null) {
				meters.add(new RetryMetrics(proxy.retryPolicy()).register(registry));
			}
			return new BoundRoute(proxy, List.copyOf(meters));
		}

		void remove(MeterRegistry registry) {
			this.meters.forEach(registry::remove);
		}

	}

}
