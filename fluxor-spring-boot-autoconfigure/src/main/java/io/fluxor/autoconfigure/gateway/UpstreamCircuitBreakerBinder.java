package io.fluxor.autoconfigure.gateway;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fluxor.gateway.loadbalance.Upstream;
import io.fluxor.gateway.resilience.UpstreamCircuitBreakers;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Keeps the {@code CircuitBreakerRegistry} in step with the live routes of the
 * {@link RouteRegistry}: it holds a breaker for each upstream URL that a live route with breakers
 * lists, and no other breaker of the gateway, so the {@code resilience4j_circuitbreaker_*} series of
 * an upstream go away once no route lists it.
 *
 * <p>Breakers are per upstream URL and shared by the routes that list it. A route that goes live
 * (at startup, added, or replaced with a new target) puts its breaker settings in force for its
 * upstreams: a breaker that already has those settings stays, with its state, so an open breaker
 * stays open when a route is posted again unchanged; one with other settings is replaced by a
 * fresh, closed breaker with the new settings, which the other routes listing the URL use from then
 * on. Of the routes going live together, the first in declaration order decides. A breaker leaves
 * the registry once the last route listing its URL has gone (removed, or replaced by one without
 * that upstream or without breakers); a breaker another route still lists stays. Requests still
 * running on a route that left record into the breaker they started with, which does not come back
 * into the registry.
 */
class UpstreamCircuitBreakerBinder extends RouteTableBinder {

	/** The upstreams of the breakers of each bound route, in table order; guarded by this. */
	private Map<UpstreamCircuitBreakers, List<Upstream>> bound = Map.of();

	UpstreamCircuitBreakerBinder(ObjectProvider<RouteRegistry> routes) {
		super(routes);
	}

	@Override
	void bind(Router router) {
		Map<UpstreamCircuitBreakers, List<Upstream>> live = new LinkedHashMap<>();
		for (Route route : router.routes()) {
			if (route.target() instanceof RouteTarget.Upstreams upstreams
					&& upstreams.proxy().circuitBreakers() != null) {
				live.putIfAbsent(upstreams.proxy().circuitBreakers(), upstreams.proxy().loadBalancer().upstreams());
			}
		}
		Set<String> installed = new HashSet<>();
		live.forEach((breakers, upstreams) -> {
			if (!this.bound.containsKey(breakers)) {
				upstreams.stream().filter((upstream) -> installed.add(upstream.id())).forEach(breakers::install);
			}
		});
		Set<String> listed = new HashSet<>();
		live.forEach((breakers, upstreams) -> upstreams.forEach((upstream) -> {
			listed.add(upstream.id());
			breakers.follow(upstream);
		}));
		this.bound.forEach((breakers, upstreams) -> {
			if (!live.containsKey(breakers)) {
				upstreams.stream().filter((upstream) -> !listed.contains(upstream.id())).forEach(breakers::release);
			}
		});
		this.bound = live;
	}

}
