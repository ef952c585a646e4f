package io.fluxor.gateway.route;

import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A route: an id, a {@link PathTemplate}, the HTTP methods it accepts (all when empty), a
 * {@link RouteTarget} and an optional timeout that overrides the gateway's request timeout.
 *
 * <p>Immutable; the template is compiled when the route is created.
 */
public final class Route {

	private final String id;

	private final PathTemplate path;

	private final Set<String> methods;

	private final RouteTarget target;

	private final Duration timeout;

	private Route(String id, PathTemplate path, Set<String> methods, RouteTarget target, Duration timeout) {
		this.id = id;
		this.path = path;
		this.methods = methods;
		this.target = target;
		this.timeout = timeout;
	}

	/**
	 * Creates a route that accepts every method and uses the gateway's request timeout.
	 * @param id the id
	 * @param path the path template
	 * @param target the target
	 * @return the route
	 * @throws IllegalArgumentException if the template is malformed
	 */
	public static Route of(String id, String path, RouteTarget target) {
		return new Route(Objects.requireNonNull(id, "id"), PathTemplate.parse(path), Set.of(),
				Objects.requireNonNull(target, "target"), null);
	}

	/**
	 * Returns a copy that accepts only these methods.
	 * @param methods the methods, case-insensitive; none means every method
	 * @return the new route
	 */
	public Route withMethods(Collection<String> methods) {
		Set<String> normalized = new TreeSet<>();
		for (String method : methods) {
			String upper = method.trim().toUpperCase(Locale.ROOT);
			if (upper.isEmpty() || !upper.chars().allMatch((c) -> c >= 'A' && c <= 'Z')) {
				throw new IllegalArgumentException("invalid HTTP method '" + method + "'");
			}
			normalized.add(upper);
		}
		return new Route(this.id, this.path, Set.copyOf(normalized), this.target, this.timeout);
	}

	/**
	 * Returns a copy that accepts only these methods.
	 * @param methods the methods
	 * @return the new route
	 */
	public Route withMethods(String... methods) {
		return withMethods(Set.of(methods));
	}

	/**
	 * Returns a copy with its own timeout.
	 * @param timeout the timeout, positive, or {@code null} for the gateway's
	 * @return the new route
	 */
	public Route withTimeout(Duration timeout) {
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("timeout must be positive but was " + timeout);
		}
		return new Route(this.id, this.path, this.methods, this.target, timeout);
	}

	/**
	 * Returns the id.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Returns the compiled path template.
	 * @return the template
	 */
	public PathTemplate path() {
		return this.path;
	}

	/**
	 * Returns the accepted methods, upper-case.
	 * @return the methods; empty means every method
	 */
	public Set<String> methods() {
		return this.methods;
	}

	/**
	 * Returns whether the route accepts a method.
	 * @param method the upper-case method
	 * @return {@code true} if accepted
	 */
	public boolean accepts(String method) {
		return this.methods.isEmpty() || this.methods.contains(method);
	}

	/**
	 * Returns the target.
	 * @return the target
	 */
	public RouteTarget target() {
		return this.target;
	}

	/**
	 * Returns the route's own timeout.
	 * @return the timeout, or {@code null} to use the gateway's request timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	@Override
	public String toString() {
		return "Route[" + this.id + " " + (this.methods.isEmpty() ? "*" : String.join(",", this.methods)) + " "
				+ this.path + " -> " + this.target + "]";
	}

}
