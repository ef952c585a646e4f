package io.fluxor.gateway.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks the route for a request: the most specific route whose template matches the path and that
 * accepts the method.
 *
 * <p>Specificity does not depend on the request, so routes are sorted once when the router is built
 * ({@link PathTemplate#compareTo}: literal segments beat parameters, which beat {@code *}, which
 * beat {@code **}; longer beats shorter; ties keep declaration order) and a lookup is a scan that
 * stops at the first route matching path and method. Matching allocates only the parameters of the
 * route found. A router is immutable and safe to share between threads.
 */
public final class Router {

	private final List<Route> routes;

	private final Route[] bySpecificity;

	private Router(List<Route> routes) {
		this.routes = List.copyOf(routes);
		List<Route> sorted = new ArrayList<>(routes);
		sorted.sort(Comparator.comparing(Route::path));
		this.bySpecificity = sorted.toArray(new Route[0]);
	}

	/**
	 * Builds a router.
	 * @param routes the routes in declaration order
	 * @return the router
	 * @throws IllegalArgumentException if two routes share an id
	 */
	public static Router of(List<Route> routes) {
		Set<String> ids = new HashSet<>();
		for (Route route : routes) {
			if (!ids.add(route.id())) {
				throw new IllegalArgumentException("duplicate route id '" + route.id() + "'");
			}
		}
		return new Router(routes);
	}

	/**
	 * Builds a router.
	 * @param routes the routes in declaration order
	 * @return the router
	 */
	public static Router of(Route... routes) {
		return of(List.of(routes));
	}

	/**
	 * Returns the routes in declaration order.
	 * @return the routes
	 */
	public List<Route> routes() {
		return this.routes;
	}

	/**
	 * Finds the route for a request.
	 * @param method the upper-case HTTP method
	 * @param path the raw path, without query string
	 * @return the match; never {@code null}
	 */
	public RouteMatch match(String method, String path) {
		boolean pathMatched = false;
		for (Route route : this.bySpecificity) {
			if (route.path().matches(path)) {
				if (route.accepts(method)) {
					return RouteMatch.found(route, route.path().extract(path));
				}
				pathMatched = true;
			}
		}
		return pathMatched ? RouteMatch.methodNotAllowed(allow(path)) : RouteMatch.notFound();
	}

	private String allow(String path) {
		Set<String> methods = new TreeSet<>();
		for (Route route : this.bySpecificity) {
			if (route.path().matches(path)) {
				methods.addAll(route.methods());
			}
		}
		return String.join(", ", methods);
	}

}
