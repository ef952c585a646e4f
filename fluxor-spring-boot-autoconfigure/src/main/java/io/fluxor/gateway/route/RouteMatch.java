package io.fluxor.gateway.route;

import java.util.Map;

/**
 * What the {@link Router} found for a request: a route with its path parameters, a path that exists
 * only for other methods (405, with the value of the {@code Allow} header), or nothing (404).
 */
public final class RouteMatch {

	private static final RouteMatch NOT_FOUND = new RouteMatch(null, Map.of(), null);

	private final Route route;

	private final Map<String, String> pathParameters;

	private final String allow;

	private RouteMatch(Route route, Map<String, String> pathParameters, String allow) {
		this.route = route;
		this.pathParameters = pathParameters;
		this.allow = allow;
	}

	static RouteMatch found(Route route, Map<String, String> pathParameters) {
		return new RouteMatch(route, pathParameters, null);
	}

	static RouteMatch methodNotAllowed(String allow) {
		return new RouteMatch(null, Map.of(), allow);
	}

	static RouteMatch notFound() {
		return NOT_FOUND;
	}

	/**
	 * Returns whether a route matched path and method.
	 * @return {@code true} when {@link #route()} is set
	 */
	public boolean isFound() {
		return this.route != null;
	}

	/**
	 * Returns whether the path matched only routes of other methods.
	 * @return {@code true} for a 405
	 */
	public boolean isMethodNotAllowed() {
		return this.allow != null;
	}

	/**
	 * Returns the matched route.
	 * @return the route, or {@code null}
	 */
	public Route route() {
		return this.route;
	}

	/**
	 * Returns the decoded path parameters of the matched route.
	 * @return the parameters, empty when not found
	 */
	public Map<String, String> pathParameters() {
		return this.pathParameters;
	}

	/**
	 * Returns the methods the path accepts, for the {@code Allow} header of a 405.
	 * @return comma-separated methods, or {@code null}
	 */
	public String allow() {
		return this.allow;
	}

}
