package io.fluxor.gateway.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A route: an id, a {@link PathTemplate}, the HTTP methods it accepts (all when empty), optional
 * {@link HeaderPredicate header predicates}, a {@link RouteTarget}, an optional timeout that
 * overrides the gateway's request timeout and the {@link RoutePolicy policies} of its filters
 * (rate limits, authentication), at most one of each class.
 *
 * <p>Immutable; the template is compiled when the route is created. A copy made with a
 * {@code with...} method shares the policies, and so the live state they hold.
 */
public final class Route {

	private static final HeaderPredicate[] NO_HEADERS = new HeaderPredicate[0];

	private static final RoutePolicy[] NO_POLICIES = new RoutePolicy[0];

	private final String id;

	private final PathTemplate path;

	private final Set<String> methods;

	private final RouteTarget target;

	private final Duration timeout;

	private final HeaderPredicate[] headers;

	private final RoutePolicy[] policies;

	private Route(String id, PathTemplate path, Set<String> methods, RouteTarget target, Duration timeout,
			HeaderPredicate[] headers, RoutePolicy[] policies) {
		this.id = id;
		this.path = path;
		this.methods = methods;
		this.target = target;
		this.timeout = timeout;
		this.headers = headers;
		this.policies = policies;
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
				Objects.requireNonNull(target, "target"), null, NO_HEADERS, NO_POLICIES);
	}

	/**
	 * Returns a copy that accepts only these methods. A route that accepts {@code GET} accepts
	 * {@code HEAD} too: HEAD is GET without the content (RFC 9110 §9.3.2), and the server sends the
	 * headers of the GET answer without its body.
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
		if (normalized.contains("GET")) {
			normalized.add("HEAD");
		}
		return new Route(this.id, this.path, Set.copyOf(normalized), this.target, this.timeout, this.headers,
				this.policies);
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
		return new Route(this.id, this.path, this.methods, this.target, timeout, this.headers, this.policies);
	}

	/**
	 * Returns a copy that also requires these headers.
	 * @param headers header names and the exact values they must have; {@value HeaderPredicate#PRESENT}
	 * or an empty value asks only for presence
	 * @return the new route
	 */
	public Route withHeaders(Map<String, String> headers) {
		List<HeaderPredicate> predicates = new ArrayList<>(headers.size());
		headers.forEach((name, value) -> predicates.add(HeaderPredicate.of(name, value)));
		return new Route(this.id, this.path, this.methods, this.target, this.timeout,
				predicates.toArray(NO_HEADERS), this.policies);
	}

	/**
	 * Returns a copy with another target, e.g. when routes are rebuilt.
	 * @param target the target
	 * @return the new route
	 */
	public Route withTarget(RouteTarget target) {
		return new Route(this.id, this.path, this.methods, Objects.requireNonNull(target, "target"), this.timeout,
				this.headers, this.policies);
	}

	/**
	 * Returns a copy that carries a policy, in place of any policy of the same class.
	 * @param policy the policy, such as a rate limit or an authentication policy
	 * @return the new route
	 */
	public Route withPolicy(RoutePolicy policy) {
		Objects.requireNonNull(policy, "policy");
		List<RoutePolicy> policies = new ArrayList<>(this.policies.length + 1);
		for (RoutePolicy existing : this.policies) {
			if (existing.getClass() != policy.getClass()) {
				policies.add(existing);
			}
		}
		policies.add(policy);
		return new Route(this.id, this.path, this.methods, this.target, this.timeout, this.headers,
				policies.toArray(NO_POLICIES));
	}

	/**
	 * Returns a copy without the policy of a class.
	 * @param type the class of the policy
	 * @return the new route, or this route when it has no such policy
	 */
	public Route withoutPolicy(Class<? extends RoutePolicy> type) {
		if (policy(type) == null) {
			return this;
		}
		List<RoutePolicy> policies = new ArrayList<>(this.policies.length);
		for (RoutePolicy existing : this.policies) {
			if (!type.isInstance(existing)) {
				policies.add(existing);
			}
		}
		return new Route(this.id, this.path, this.methods, this.target, this.timeout, this.headers,
				policies.toArray(NO_POLICIES));
	}

	/**
	 * Returns the route's policy of a class; a scan of a few entries, cheap enough for every request.
	 * @param <P> the policy type
	 * @param type the class of the policy
	 * @return the policy, or {@code null} when the route has none
	 */
	public <P extends RoutePolicy> P policy(Class<P> type) {
		for (RoutePolicy policy : this.policies) {
			if (type.isInstance(policy)) {
				return type.cast(policy);
			}
		}
		return null;
	}

	/**
	 * Returns every policy of the route.
	 * @return the policies, in the order they were added
	 */
	public List<RoutePolicy> policies() {
		return List.of(this.policies);
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
	 * Returns the header predicates, all of which a request must satisfy.
	 * @return the predicates, empty when the route does not look at headers
	 */
	public List<HeaderPredicate> headers() {
		return List.of(this.headers);
	}

	/**
	 * Returns whether the request's headers satisfy every predicate.
	 * @param headers returns the first value of a header by lower-case name, or {@code null}; may
	 * be {@code null} itself when the caller has no headers, which only routes without predicates
	 * accept
	 * @return {@code true} if they do
	 */
	public boolean acceptsHeaders(Function<String, String> headers) {
		if (this.headers.length == 0) {
			return true;
		}
		if (headers == null) {
			return false;
		}
		for (HeaderPredicate predicate : this.headers) {
			if (!predicate.test(headers)) {
				return false;
			}
		}
		return true;
	}

	int headerCount() {
		return this.headers.length;
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
				+ this.path + ((this.headers.length > 0) ? " " + List.of(this.headers) : "") + " -> " + this.target
				+ "]";
	}

}
