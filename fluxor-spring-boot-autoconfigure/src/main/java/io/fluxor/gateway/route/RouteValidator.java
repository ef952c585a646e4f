package io.fluxor.gateway.route;

/**
 * A check a route must pass before a {@link RouteRegistry} takes it, for rules the route cannot
 * check alone, such as "an address target needs an event bus" or "a handler bean must exist".
 *
 * <p>Called on the writer's thread with every route of the proposed snapshot, before the swap; it
 * must not change anything.
 */
@FunctionalInterface
public interface RouteValidator {

	/**
	 * Checks one route.
	 * @param route the route
	 * @throws IllegalArgumentException with the rule it breaks, in plain words, to reject it
	 */
	void validate(Route route);

}
