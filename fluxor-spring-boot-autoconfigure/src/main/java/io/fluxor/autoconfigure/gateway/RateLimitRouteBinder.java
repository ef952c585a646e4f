package io.fluxor.autoconfigure.gateway;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.fluxor.gateway.filter.RateLimitPolicy;
import io.fluxor.gateway.ratelimit.RateLimitMetrics;
import io.fluxor.gateway.ratelimit.RateLimitScope;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteListener;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.Router;
import io.fluxor.metrics.MicrometerRateLimitMetrics;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Keeps the {@code fluxor.ratelimit.rejected} series in step with the rate-limited routes of the
 * {@link RouteRegistry}: a route with limits has its series registered at zero (so rates can be
 * computed before the first 429), whether it was there at startup or added later; a route whose
 * limits left the table (removed, or replaced by a route with other scopes or none) has its series
 * removed. A route replaced with the same scopes keeps its series. Bound once every bean exists,
 * then on every change ({@link RouteListener}).
 */
class RateLimitRouteBinder extends RouteTableBinder {

	private final RateLimitMetrics metrics;

	/** The scopes limited on each route, by route id; guarded by this. */
	private Map<String, Set<RateLimitScope>> bound = Map.of();

	RateLimitRouteBinder(ObjectProvider<RouteRegistry> routes, RateLimitMetrics metrics) {
		super(routes);
		this.metrics = metrics;
	}

	@Override
	void bind(Router router) {
		Map<String, Set<RateLimitScope>> next = new HashMap<>();
		for (Route route : router.routes()) {
			RateLimitPolicy policy = route.policy(RateLimitPolicy.class);
			if (policy != null) {
				Set<RateLimitScope> scopes = EnumSet.noneOf(RateLimitScope.class);
				if (policy.routeLimiter() != null) {
					scopes.add(RateLimitScope.ROUTE);
				}
				if (policy.userLimiter() != null) {
					scopes.add(RateLimitScope.USER);
				}
				next.put(route.id(), scopes);
			}
		}
		this.bound.forEach((id, scopes) -> {
			if (!scopes.equals(next.get(id))) {
				this.metrics.routeRemoved(id);
			}
		});
		if (this.metrics instanceof MicrometerRateLimitMetrics micrometer) {
			next.forEach((id, scopes) -> scopes.forEach((scope) -> micrometer.register(id, scope)));
		}
		this.bound = next;
	}

}
