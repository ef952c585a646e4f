package io.fluxor.gateway.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Picks the route for a request: the most specific route whose template matches the path, whose
 * header predicates hold and that accepts the method.
 *
 * <p>Specificity does not depend on the request, so routes are sorted once when the router is built
 * ({@link PathTemplate#compareTo}: literal segments beat parameters, which beat {@code *}, which
 * beat {@code **}; longer beats shorter, but a template that ends beats one going on with {@code **};
 * then more header predicates beat fewer; ties keep declaration order) and a lookup is a scan that
 * stops at the first route matching path and method. A path that a template of literals only names
 * exactly (as {@code /orders/me}) is the most specific match there is, so it is first looked up by
 * its text, without a scan, among the routes of that template. Matching allocates only the
 * parameters of the route found. A router is immutable and safe to share between threads.
 */
public final class Router {

	private final List<Route> routes;

	private final Route[] bySpecificity;

	private final boolean headerPredicates;

	// routes whose template holds literals only, by the one path they match, most specific first
	private final Map<String, RouteMatch[]> byLiteralPath;

	private Router(List<Route> routes) {
		this.routes = List.copyOf(routes);
		List<Route> sorted = new ArrayList<>(routes);
		sorted.sort(Comparator.comparing(Route::path).thenComparing(Route::headerCount, Comparator.reverseOrder()));
		this.bySpecificity = sorted.toArray(new Route[0]);
		this.headerPredicates = sorted.stream().anyMatch((route) -> route.headerCount() > 0);
		this.byLiteralPath = byLiteralPath(sorted);
	}

	private static Map<String, RouteMatch[]> byLiteralPath(List<Route> sorted) {
		Map<String, List<RouteMatch>> matches = new HashMap<>();
		for (Route route : sorted) {
			String path = route.path().literalPath();
			if (path != null) {
				matches.computeIfAbsent(path, (key) -> new ArrayList<>()).add(RouteMatch.found(route, Map.of()));
			}
		}
		Map<String, RouteMatch[]> byPath = new HashMap<>();
		matches.forEach((path, found) -> byPath.put(path, found.toArray(new RouteMatch[0])));
		return byPath;
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
		return match(method, path, null);
	}

	/**
	 * Returns whether some route has header predicates, so that callers pass headers only then.
	 * @return {@code true} if {@link #match(String, String, Function)} looks at headers
	 */
	public boolean hasHeaderPredicates() {
		return this.headerPredicates;
	}

	/**
	 * Finds the route for a request, testing header predicates. A route whose headers do not hold
	 * is skipped as if its path did not match, so it neither matches nor turns a miss into a 405.
	 * @param method the upper-case HTTP method
	 * @param path the raw path, without query string
	 * @param headers returns the first value of a header by lower-case name, or {@code null}; may be
	 * {@code null} when no route has header predicates
	 * @return the match; never {@code null}
	 */
	public RouteMatch match(String method, String path, Function<String, String> headers) {
		RouteMatch[] exact = this.byLiteralPath.get(path);
		if (exact != null) {
			for (RouteMatch match : exact) {
				Route route = match.route();
				if (route.acceptsHeaders(headers) && route.accepts(method)) {
					return match;
				}
			}
		}
		boolean pathMatched = false;
		for (Route route : this.bySpecificity) {
			if (route.path().matches(path) && route.acceptsHeaders(headers)) {
				if (route.accepts(method)) {
					return RouteMatch.found(route, route.path().extract(path));
				}
				pathMatched = true;
			}
		}
		return pathMatched ? RouteMatch.methodNotAllowed(allow(path, headers)) : RouteMatch.notFound();
	}

	private String allow(String path, Function<String, String> headers) {
		Set<String> methods = new TreeSet<>();
		for (Route route : this.bySpecificity) {
			if (route.path().matches(path) && route.acceptsHeaders(headers)) {
				methods.addAll(route.methods());
			}
		}
		return String.join(", ", methods);
	}

}
