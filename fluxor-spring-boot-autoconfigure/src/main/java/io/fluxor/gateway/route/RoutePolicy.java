package io.fluxor.gateway.route;

import java.util.Map;

/**
 * The settings one filter applies to one route, such as its rate limits or its authentication,
 * carried by the {@link Route} itself ({@link Route#withPolicy}).
 *
 * <p>Because the policy travels with its route, it changes with the route table atomically: a
 * route added, replaced or removed at runtime brings, replaces or drops its policies (and whatever
 * state they hold, such as token buckets) in the same swap, and a request keeps the policies of the
 * route it matched until it completes. A filter finds its policy with {@link Route#policy(Class)}
 * and tells the gateway through {@link io.fluxor.gateway.filter.GatewayFilter#appliesTo} that routes
 * without one do not need it at all.
 *
 * <p>A route holds at most one policy of each class; implementations should be immutable apart
 * from the live state they guard, and safe to use from many threads.
 */
public interface RoutePolicy {

	/**
	 * Returns the name of the policy where routes are described, as in configuration, such as
	 * {@code rateLimit}.
	 * @return the name
	 */
	String name();

	/**
	 * Describes the policy and its live state for the actuator. Cheap and thread-safe.
	 * @return a JSON-serializable description, in display order
	 */
	Map<String, Object> describe();

}
