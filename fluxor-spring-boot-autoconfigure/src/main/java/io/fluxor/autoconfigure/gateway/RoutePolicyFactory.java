package io.fluxor.autoconfigure.gateway;

import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RoutePolicy;

/**
 * Turns one optional section of a route definition ({@code rate-limit}, {@code authentication})
 * into the {@link RoutePolicy} its filter applies, with the section's global defaults, for the
 * routes of {@code fluxor.gateway.routes} at startup and the routes posted to the actuator alike.
 * A bean of the auto-configuration of the filter, so it exists only when the filter's libraries
 * are on the class path; a route that sets a section no factory builds is refused.
 */
interface RoutePolicyFactory {

	/**
	 * Returns the section this factory builds, as in YAML, such as {@code rate-limit}.
	 * @return the section
	 */
	String section();

	/**
	 * Returns the route with the policy of its definition's section, or the route unchanged when
	 * the definition does not set the section.
	 * @param route the route built so far
	 * @param definition the route's definition
	 * @param property the property path of the definition, such as
	 * {@code fluxor.gateway.routes[2]}, for failures
	 * @return the route with its policy
	 * @throws InvalidGatewayPropertyException naming the property of the first value that cannot
	 * work
	 */
	Route apply(Route route, GatewayProperties.Route definition, String property);

}
