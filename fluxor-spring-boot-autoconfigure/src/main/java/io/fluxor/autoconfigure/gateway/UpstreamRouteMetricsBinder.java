package io.fluxor.autoconfigure.gateway;

import io.fluxor.gateway.proxy.UpstreamProxy;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.fluxor.metrics.ResponseCacheMetrics;
import io.fluxor.metrics.RetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Binds the meters of each route to upstreams once every bean exists:
 * {@code fluxor.cache.requests} and {@code fluxor.cache.size} of its cache and
 * {@code fluxor.retry.attempts} of its retry policy.
 */
class UpstreamRouteMetricsBinder implements SmartInitializingSingleton {

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<Router> router;

	UpstreamRouteMetricsBinder(ObjectProvider<MeterRegistry> registry, ObjectProvider<Router> router) {
		this.registry = registry;
		this.router = router;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Router routes = this.router.getIfAvailable();
		MeterRegistry registry = this.registry.getIfAvailable();
		if (routes == null || registry == null) {
			return;
		}
		for (Route route : routes.routes()) {
			if (route.target() instanceof RouteTarget.Upstreams upstreams) {
				UpstreamProxy proxy = upstreams.proxy();
				if (proxy.cache() != null) {
					new ResponseCacheMetrics(proxy.cache()).bindTo(registry);
				}
				if (proxy.retryPolicy() != null) {
					new RetryMetrics(proxy.retryPolicy()).bindTo(registry);
				}
			}
		}
	}

}
