package io.fluxor.gateway.cache;

import java.util.List;
import java.util.Objects;

/**
 * Identity of a cached response. The route id scopes every key to its route; the user is part of
 * the key only when the route varies by user, and then a response never crosses users. On a route
 * that varies neither by user nor on {@code Authorization}, a request with credentials has keys of
 * its own, which hold only what the upstream marked for shared caches (RFC 9111 §3.5).
 *
 * <p>A key is built for every request to a cached route and looked up at once, so its hash is
 * computed once, in the constructor, and {@link #equals} compares the fields most likely to differ
 * first.
 */
public final class CacheKey {

	private final String routeId;

	private final String method;

	private final String path;

	private final String query;

	private final List<String> vary;

	private final String user;

	private final boolean authorized;

	private final int hash;

	/**
	 * Creates a key.
	 * @param routeId route the response belongs to
	 * @param method request method, upper case
	 * @param path request path
	 * @param query raw query string, or {@code null}
	 * @param vary values of the route's vary headers, in configuration order ({@code null} entries
	 * for absent headers)
	 * @param user user key, or {@code null} when the route does not vary by user
	 */
	public CacheKey(String routeId, String method, String path, String query, List<String> vary, String user) {
		this(routeId, method, path, query, vary, user, false);
	}

	/**
	 * Creates a key.
	 * @param routeId route the response belongs to
	 * @param method request method, upper case
	 * @param path request path
	 * @param query raw query string, or {@code null}
	 * @param vary values of the route's vary headers, in configuration order ({@code null} entries
	 * for absent headers)
	 * @param user user key, or {@code null} when the route does not vary by user
	 * @param authorized whether the request carries credentials on a route that varies neither by
	 * user nor on {@code Authorization}
	 */
	public CacheKey(String routeId, String method, String path, String query, List<String> vary, String user,
			boolean authorized) {
		this.routeId = Objects.requireNonNull(routeId, "routeId");
		this.method = Objects.requireNonNull(method, "method");
		this.path = Objects.requireNonNull(path, "path");
		this.query = query;
		this.vary = Objects.requireNonNull(vary, "vary");
		this.user = user;
		this.authorized = authorized;
		int hash = path.hashCode();
		hash = 31 * hash + Objects.hashCode(query);
		hash = 31 * hash + method.hashCode();
		hash = 31 * hash + routeId.hashCode();
		hash = 31 * hash + vary.hashCode();
		hash = 31 * hash + Objects.hashCode(user);
		this.hash = 31 * hash + Boolean.hashCode(authorized);
	}

	/**
	 * Returns the route the response belongs to.
	 * @return the route id
	 */
	public String routeId() {
		return this.routeId;
	}

	/**
	 * Returns the request method, upper case.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Returns the request path.
	 * @return the path
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Returns the raw query string.
	 * @return the query, or {@code null}
	 */
	public String query() {
		return this.query;
	}

	/**
	 * Returns the values of the route's vary headers, in configuration order.
	 * @return the values
	 */
	public List<String> vary() {
		return this.vary;
	}

	/**
	 * Returns the user key.
	 * @return the user, or {@code null} when the route does not vary by user
	 */
	public String user() {
		return this.user;
	}

	/**
	 * Returns whether the request carries credentials on a route that varies neither by user nor on
	 * {@code Authorization}: then only a response the upstream marked for shared caches is stored or
	 * shared under this key.
	 * @return whether the key is a credentialed request's
	 */
	public boolean authorized() {
		return this.authorized;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return (other instanceof CacheKey that) && this.hash == that.hash && this.path.equals(that.path)
				&& Objects.equals(this.query, that.query) && this.method.equals(that.method)
				&& this.routeId.equals(that.routeId) && this.vary.equals(that.vary)
				&& Objects.equals(this.user, that.user) && this.authorized == that.authorized;
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public String toString() {
		return "CacheKey[route=" + this.routeId + ", " + this.method + " " + this.path
				+ ((this.query != null) ? "?" + this.query : "") + ", vary=" + this.vary
				+ ((this.user != null) ? ", user=" + this.user : "") + (this.authorized ? ", authorized" : "") + "]";
	}

}
