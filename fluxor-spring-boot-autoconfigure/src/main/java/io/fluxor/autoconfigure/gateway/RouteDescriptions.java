package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.fluxor.gateway.route.HeaderPredicate;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RoutePolicy;

/**
 * How the actuator shows a route: id, path template, methods (sorted; empty for every method), the
 * headers it requires (when it has predicates), target (its own
 * {@link io.fluxor.gateway.route.RouteTarget#describe() description}, with any live state) and the
 * timeout in force, written as in YAML, then each {@link RoutePolicy} under its name
 * ({@code rateLimit}, {@code authentication}) with its live state.
 */
final class RouteDescriptions {

	private RouteDescriptions() {
	}

	static Map<String, Object> describe(Route route, Duration defaultTimeout) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("id", route.id());
		description.put("path", route.path().template());
		description.put("methods", List.copyOf(new TreeSet<>(route.methods())));
		if (!route.headers().isEmpty()) {
			Map<String, String> headers = new LinkedHashMap<>();
			route.headers()
				.forEach((predicate) -> headers.put(predicate.name(),
						(predicate.value() != null) ? predicate.value() : HeaderPredicate.PRESENT));
			description.put("headers", headers);
		}
		description.put("target", route.target().describe());
		Duration timeout = (route.timeout() != null) ? route.timeout() : defaultTimeout;
		description.put("timeout", (timeout != null) ? format(timeout) : null);
		for (RoutePolicy policy : route.policies()) {
			description.put(policy.name(), policy.describe());
		}
		return description;
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

}
