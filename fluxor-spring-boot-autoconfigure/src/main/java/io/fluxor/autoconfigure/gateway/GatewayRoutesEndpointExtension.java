package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.fluxor.autoconfigure.actuate.FluxorEndpoint;
import io.fluxor.gateway.route.InvalidRouteException;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteRegistry;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.lang.Nullable;

/**
 * Adds route operations to the {@code fluxor} endpoint over HTTP:
 * {@code GET|POST|DELETE /actuator/fluxor/routes/{id}} read, replace (or add) and remove one route
 * of the {@link RouteRegistry}. The body of a {@code POST} is the route as in YAML, every property of
 * {@link GatewayProperties.Route} under its camel-case name, with string values (Spring Boot reads an
 * actuator write body as a map of strings):
 * {@code {"path": "/users/{id}", "methods": "GET,POST", "handler": "userHandler", "timeout": "2s"}}.
 * A list may also be given as a JSON array in a string ({@code "methods": "[\"GET\"]"}), and a
 * nested property as a JSON object or array in a string ({@code upstreams}, {@code headers},
 * {@code rewritePath}, {@code circuitBreaker}, {@code retry}, {@code cache}, {@code compression},
 * {@code rateLimit}, {@code authentication}), with the keys of the YAML inside:
 * {@code "retry": "{\"max-attempts\": 3, \"base-backoff\": \"100ms\"}"}.
 *
 * <p>A {@code POST} replaces the whole route: a property the body leaves out is not kept from the
 * route it replaces but falls back to {@code fluxor.gateway.defaults.*} (the settings of routes to
 * upstreams) and the built-in values, as in YAML. Its cache, retry budget, {@code rateLimit} buckets
 * and {@code authentication} are new; its upstreams' circuit breakers, shared by every route listing
 * the same URL, keep their state when the body asks for the settings they already have and are
 * replaced by fresh ones otherwise (see {@code UpstreamCircuitBreakerBinder}). The route and its
 * policies go live in one swap, and its cache, retry and breaker meters follow it.
 *
 * <p>A web extension rather than operations on {@link FluxorEndpoint} itself, because the endpoint
 * knows no section, and because only a web operation can answer 400 with the reason and 404 for an
 * unknown route ({@link WebEndpointResponse}); route changes are not offered over JMX. Turn writes
 * off with {@code management.endpoint.fluxor.access=read-only}. A route that breaks a rule is
 * refused with 400 naming the property and the rule ({@code retry.max-attempts: must be at least 1,
 * was 0}), and nothing changes; in-flight requests finish on the route they matched. So is a key that
 * no property takes ({@code cache.tll: is no property of a route}), where Spring Boot's binding of
 * the YAML passes over it: a typo would otherwise leave the route without the section it was meant to
 * have.
 *
 * <p>Route properties added to {@link GatewayProperties.Route} are accepted by adding a
 * {@code @Nullable String} parameter of the same name to {@link #updateRoute} and putting it into the
 * definition under its kebab-case name: binding (including JSON in a string, such as
 * {@code "upstreams": "[{\"url\": \"http://127.0.0.1:9001\", \"weight\": 2}]"}), defaults and checks
 * are shared with the YAML through {@link ConfiguredRoutes#route}. A test keeps the parameters in step
 * with the properties.
 */
@EndpointWebExtension(endpoint = FluxorEndpoint.class)
public class GatewayRoutesEndpointExtension {

	private static final String SECTION = "routes";

	private final RouteRegistry routes;

	private final ConfiguredRoutes configuredRoutes;

	private final Duration defaultTimeout;

	GatewayRoutesEndpointExtension(RouteRegistry routes, ConfiguredRoutes configuredRoutes, Duration defaultTimeout) {
		this.routes = routes;
		this.configuredRoutes = configuredRoutes;
		this.defaultTimeout = defaultTimeout;
	}

	/**
	 * Describes one route.
	 * @param section the section, {@code routes}
	 * @param id the route id
	 * @return 200 with the route, or 404
	 */
	@ReadOperation
	public WebEndpointResponse<Object> route(@Selector String section, @Selector String id) {
		if (!SECTION.equals(section)) {
			return notFound("no section '" + section + "' with entries");
		}
		return this.routes.route(id)
			.map((route) -> ok(route))
			.orElseGet(() -> notFound("no route '" + id + "'"));
	}

	/**
	 * Replaces the route with this id, or adds it after the others; the body holds the route's
	 * properties as in {@code fluxor.gateway.routes[*]}, nested ones as JSON in a string.
	 * @param section the section, {@code routes}
	 * @param id the route id
	 * @param path the path template, such as {@code /users/{id}}
	 * @param methods the accepted methods, comma-separated, every method when absent
	 * @param address the event-bus address target
	 * @param handler the name of the handler bean target
	 * @param upstreams the upstreams target, a JSON array in a string, such as
	 * {@code [{"url": "http://127.0.0.1:9001", "weight": 2}]}
	 * @param headers the request headers the route requires, a JSON object in a string, such as
	 * {@code {"X-Tenant": "acme", "X-Debug": "*"}} ({@code *}: present with any value)
	 * @param stripPrefix the number of leading path segments removed before forwarding to upstreams
	 * @param rewritePath the {@code rewrite-path} section, a JSON object in a string, such as
	 * {@code {"regex": "/api/(?<rest>.*)", "replacement": "/v2/${rest}"}}
	 * @param timeout the route's timeout, such as {@code 2s}
	 * @param loadBalancing the strategy among the upstreams, such as {@code least-connections}
	 * @param connectTimeout the time to open a connection to an upstream, such as {@code 1s}
	 * @param responseTimeout the longest silence while reading an upstream response, such as
	 * {@code 5s}
	 * @param circuitBreaker the {@code circuit-breaker} section, a JSON object in a string, such as
	 * {@code {"failure-rate-threshold": 50, "wait-duration-in-open-state": "30s"}}
	 * @param retry the {@code retry} section, a JSON object in a string, such as
	 * {@code {"max-attempts": 3, "base-backoff": "100ms"}}
	 * @param cache the {@code cache} section, a JSON object in a string, such as
	 * {@code {"ttl": "60s", "vary": ["Accept-Language"]}}
	 * @param compression the {@code compression} section, a JSON object in a string, such as
	 * {@code {"level": 6, "min-size": "2KB"}}
	 * @param rateLimit the {@code rate-limit} section, a JSON object in a string, such as
	 * {@code {"user": {"capacity": 20, "key-sources": ["header:X-User-ID", "ip"]}}}
	 * @param authentication the {@code authentication} section, a JSON object in a string, such as
	 * {@code {"required": true, "forward-claims": {"sub": "X-User-Id"}}}
	 * @return 200 with the route now in use, 400 with the property and the rule when it is refused,
	 * or 404 for another section
	 */
	@WriteOperation
	public WebEndpointResponse<Object> updateRoute(@Selector String section, @Selector String id,
			@Nullable String path, @Nullable String methods, @Nullable String address, @Nullable String handler,
			@Nullable String upstreams, @Nullable String headers, @Nullable String stripPrefix,
			@Nullable String rewritePath, @Nullable String timeout, @Nullable String loadBalancing,
			@Nullable String connectTimeout, @Nullable String responseTimeout, @Nullable String circuitBreaker,
			@Nullable String retry, @Nullable String cache, @Nullable String compression, @Nullable String rateLimit,
			@Nullable String authentication) {
		if (!SECTION.equals(section)) {
			return notFound("no section '" + section + "' with writable entries");
		}
		Map<String, Object> definition = new LinkedHashMap<>();
		definition.put("path", path);
		definition.put("methods", methods);
		definition.put("address", address);
		definition.put("handler", handler);
		definition.put("upstreams", upstreams);
		definition.put("headers", headers);
		definition.put("strip-prefix", stripPrefix);
		definition.put("rewrite-path", rewritePath);
		definition.put("timeout", timeout);
		definition.put("load-balancing", loadBalancing);
		definition.put("connect-timeout", connectTimeout);
		definition.put("response-timeout", responseTimeout);
		definition.put("circuit-breaker", circuitBreaker);
		definition.put("retry", retry);
		definition.put("cache", cache);
		definition.put("compression", compression);
		definition.put("rate-limit", rateLimit);
		definition.put("authentication", authentication);
		try {
			Route route = this.configuredRoutes.route(id, definition);
			this.routes.update(route);
			return ok(route);
		}
		catch (InvalidRouteException ex) {
			return new WebEndpointResponse<>(Map.of("error", ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * Removes a route; requests already running on it finish.
	 * @param section the section, {@code routes}
	 * @param id the route id
	 * @return 200 with the removed route, or 404
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> removeRoute(@Selector String section, @Selector String id) {
		if (!SECTION.equals(section)) {
			return notFound("no section '" + section + "' with writable entries");
		}
		Optional<Route> removed = this.routes.remove(id);
		return removed.map(this::ok).orElseGet(() -> notFound("no route '" + id + "'"));
	}

	private WebEndpointResponse<Object> ok(Route route) {
		return new WebEndpointResponse<>(RouteDescriptions.describe(route, this.defaultTimeout));
	}

	private static WebEndpointResponse<Object> notFound(String reason) {
		return new WebEndpointResponse<>(Map.of("error", reason), WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
