package io.fluxor.gateway.route;

import java.util.List;
import java.util.Optional;

/**
 * The live routes of a gateway, replaceable at runtime: a {@code RouteLocator} in the sense of
 * Spring Cloud Gateway, but holding one immutable {@link Router} snapshot instead of a stream.
 *
 * <p>Readers take {@link #router()}, a single volatile read; writers build a whole new
 * {@link Router}, run every {@link RouteValidator} on it and only then swap it in, so a request sees
 * either the old routes or the new ones, never a mix, and a rejected change leaves nothing changed.
 * A request keeps the {@link Route} it matched until it completes, so in-flight requests finish on
 * their old route while new ones already use the new. The trade-off: every change costs a copy
 * and a re-sort of the routes, which is cheap for the tens or hundreds of routes of a gateway and
 * keeps the request path free of locks.
 *
 * <p>Writers are serialized; {@link RouteListener listeners} are told of each change in order, on
 * the writer's thread, after the swap.
 */
public interface RouteRegistry {

	/**
	 * Creates a registry starting with the routes of a router.
	 * @param initial the routes at start
	 * @return the registry
	 */
	static RouteRegistry of(Router initial) {
		return new AtomicRouteRegistry(initial);
	}

	/**
	 * Creates a registry starting with these routes.
	 * @param routes the routes at start, in declaration order
	 * @return the registry
	 * @throws IllegalArgumentException if two routes share an id
	 */
	static RouteRegistry of(List<Route> routes) {
		return of(Router.of(routes));
	}

	/**
	 * Returns the current snapshot; use the same snapshot for everything one request needs.
	 * @return the router, immutable
	 */
	Router router();

	/**
	 * Returns the current routes in declaration order.
	 * @return the routes, immutable
	 */
	default List<Route> routes() {
		return router().routes();
	}

	/**
	 * Returns a current route by id.
	 * @param id the id
	 * @return the route, or empty
	 */
	default Optional<Route> route(String id) {
		return routes().stream().filter((route) -> route.id().equals(id)).findFirst();
	}

	/**
	 * Replaces every route at once.
	 * @param routes the new routes, in declaration order
	 * @return the new snapshot
	 * @throws InvalidRouteException if two routes share an id or a validator rejects one; the routes
	 * are then unchanged
	 */
	Router replace(List<Route> routes);

	/**
	 * Replaces the route with the same id in place, or adds it last when there is none.
	 * @param route the route
	 * @return the new snapshot
	 * @throws InvalidRouteException if a validator rejects it; the routes are then unchanged
	 */
	Router update(Route route);

	/**
	 * Removes a route.
	 * @param id the id
	 * @return the removed route, or empty when there was none (nothing changed)
	 */
	Optional<Route> remove(String id);

	/**
	 * Adds a check that every future snapshot must pass; it is run on the current routes at once.
	 * @param validator the check
	 * @throws InvalidRouteException if a current route fails it; the validator is then not added
	 */
	void addValidator(RouteValidator validator);

	/**
	 * Adds a listener told of every later change.
	 * @param listener the listener
	 */
	void addListener(RouteListener listener);

}
