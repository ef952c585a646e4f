package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fluxor.autoconfigure.NanosecondDurations;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayOptions;
import io.fluxor.gateway.proxy.UpstreamClientOptions;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;

/**
 * Turns {@link GatewayProperties} into {@link GatewayOptions} and a {@link Router}, checking the rules
 * that span values and failing with an {@link InvalidGatewayPropertyException} that names the
 * property path.
 */
final class GatewayRouteFactory {

	private static final String PREFIX = GatewayProperties.PREFIX;

	private GatewayRouteFactory() {
	}

	static GatewayOptions options(GatewayProperties properties) {
		int utilization = properties.getUtilizationPercent();
		if (utilization < 1 || utilization > 100) {
			throw new InvalidGatewayPropertyException(PREFIX + ".utilization-percent",
					"must be between 1 and 100 but was " + utilization);
		}
		requirePositive(properties.getQueueTimeout(), PREFIX + ".queue-timeout");
		requirePositive(properties.getRequestTimeout(), PREFIX + ".request-timeout");
		long maxHeaderSize = properties.getMaxHeaderSize().toBytes();
		if (maxHeaderSize < 1 || maxHeaderSize > Integer.MAX_VALUE) {
			throw new InvalidGatewayPropertyException(PREFIX + ".max-header-size",
					"must be between 1B and 2GB but was " + properties.getMaxHeaderSize());
		}
		if (properties.getMaxBodySize().isNegative()) {
			throw new InvalidGatewayPropertyException(PREFIX + ".max-body-size",
					"must not be negative but was " + properties.getMaxBodySize());
		}
		try {
			return new GatewayOptions(properties.getHost(), properties.getPort(), properties.getMaxCcu(), utilization,
					properties.getQueueTimeout(), properties.getBackpressure().getMode(),
					properties.getMaxBodySize().toBytes(), (int) maxHeaderSize, properties.getRequestTimeout());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidGatewayPropertyException(PREFIX, ex.getMessage());
		}
	}

	static UpstreamClientOptions clientOptions(GatewayProperties.ConnectionPool pool) {
		requirePositive(pool.getPendingAcquireTimeout(), PREFIX + ".connection-pool.pending-acquire-timeout");
		requirePositive(pool.getMaxIdleTime(), PREFIX + ".connection-pool.max-idle-time");
		return new UpstreamClientOptions(pool.getMaxConnections(), pool.getPendingAcquireTimeout(),
				pool.getMaxIdleTime());
	}

	static Router router(GatewayProperties properties, Map<String, GatewayHandler> handlers, boolean eventBusPresent) {
		return router(properties, handlers, eventBusPresent, null, List.of());
	}

	static Router router(GatewayProperties properties, Map<String, GatewayHandler> handlers, boolean eventBusPresent,
			UpstreamRouteFactory upstreams, List<RoutePolicyFactory> policies) {
		List<Route> routes = new ArrayList<>();
		Map<String, Integer> ids = new HashMap<>();
		List<GatewayProperties.Route> declared = properties.getRoutes();
		for (int i = 0; i < declared.size(); i++) {
			GatewayProperties.Route route = declared.get(i);
			String property = PREFIX + ".routes[" + i + "]";
			String id = (route.getId() != null && !route.getId().isBlank()) ? route.getId() : "route-" + i;
			Integer previous = ids.putIfAbsent(id, i);
			if (previous != null) {
				throw new InvalidGatewayPropertyException(property + ".id",
						"duplicate route id '" + id + "', already used by routes[" + previous + "]");
			}
			if (route.getPath() == null || route.getPath().isBlank()) {
				throw new InvalidGatewayPropertyException(property + ".path", "must not be empty");
			}
			boolean hasAddress = route.getAddress() != null && !route.getAddress().isBlank();
			boolean hasHandler = route.getHandler() != null && !route.getHandler().isBlank();
			boolean hasUpstreams = !route.getUpstreams().isEmpty();
			int targets = (hasAddress ? 1 : 0) + (hasHandler ? 1 : 0) + (hasUpstreams ? 1 : 0);
			if (targets != 1) {
				throw new InvalidGatewayPropertyException(property,
						"must set exactly one of address, handler or upstreams but "
								+ ((targets == 0) ? "sets neither" : (targets == 2) ? "sets two" : "sets all three"));
			}
			RouteTarget target;
			if (hasUpstreams) {
				if (upstreams == null) {
					throw new InvalidGatewayPropertyException(property + ".upstreams",
							"needs an UpstreamClient but there is none");
				}
				target = upstreams.target(id, route, property);
			}
			else if (hasAddress) {
				if (!eventBusPresent) {
					throw new InvalidGatewayPropertyException(property + ".address",
							"needs an EventBus bean but there is none");
				}
				target = RouteTarget.address(route.getAddress());
			}
			else {
				GatewayHandler handler = handlers.get(route.getHandler());
				if (handler == null) {
					throw new InvalidGatewayPropertyException(property + ".handler",
							"no GatewayHandler bean named '" + route.getHandler() + "'");
				}
				target = RouteTarget.handler(route.getHandler(), handler);
			}
			Route compiled;
			try {
				compiled = Route.of(id, route.getPath(), target);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidGatewayPropertyException(property + ".path", ex.getMessage());
			}
			try {
				compiled = compiled.withMethods(route.getMethods());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidGatewayPropertyException(property + ".methods", ex.getMessage());
			}
			if (route.getTimeout() != null) {
				requirePositive(route.getTimeout(), property + ".timeout");
				compiled = compiled.withTimeout(route.getTimeout());
			}
			if (!route.getHeaders().isEmpty()) {
				try {
					compiled = compiled.withHeaders(route.getHeaders());
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidGatewayPropertyException(property + ".headers", ex.getMessage());
				}
			}
			routes.add(withPolicies(compiled, route, property, policies));
		}
		return Router.of(routes);
	}

	private static Route withPolicies(Route route, GatewayProperties.Route definition, String property,
			List<RoutePolicyFactory> policies) {
		requireFactory(definition.getRateLimit() != null, "rate-limit", "Bucket4j and Caffeine", property, policies);
		requireFactory(definition.getAuthentication() != null, "authentication", "Nimbus JOSE+JWT", property, policies);
		Route withPolicies = route;
		for (RoutePolicyFactory factory : policies) {
			withPolicies = factory.apply(withPolicies, definition, property);
		}
		return withPolicies;
	}

	private static void requireFactory(boolean configured, String section, String libraries, String property,
			List<RoutePolicyFactory> policies) {
		if (configured && policies.stream().noneMatch((factory) -> factory.section().equals(section))) {
			// a section nobody applies would leave the route open without a word
			throw new InvalidGatewayPropertyException(property + "." + section,
					"needs " + libraries + " on the class path");
		}
	}

	private static void requirePositive(Duration duration, String property) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidGatewayPropertyException(property, "must be positive but was " + duration);
		}
		requireAtMostMax(duration, property);
	}

	/**
	 * Refuses a duration too long to be counted in nanoseconds, as timeouts and periods are: it
	 * would overflow, at startup or on a request.
	 * @param duration the duration
	 * @param property the property it came from
	 */
	static void requireAtMostMax(Duration duration, String property) {
		if (NanosecondDurations.isTooLong(duration)) {
			throw new InvalidGatewayPropertyException(property, NanosecondDurations.tooLong(duration));
		}
	}

}
