package io.fluxor.gateway.loadbalance;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One instance of a service a route forwards to: its base URL and its relative weight. Immutable;
 * equality is by URL and weight. The URL, as text, names the upstream's circuit breaker and its
 * metric tag, so two routes that list the same URL share the breaker.
 */
public final class Upstream {

	/** Weight of an upstream configured without one. */
	public static final int DEFAULT_WEIGHT = 1;

	private final URI url;

	private final int weight;

	private final String id;

	private Upstream(URI url, int weight) {
		this.url = url;
		this.weight = weight;
		this.id = url.toString();
	}

	/**
	 * Creates an upstream of weight {@value #DEFAULT_WEIGHT}.
	 * @param url absolute {@code http} or {@code https} URL
	 * @return the upstream
	 */
	public static Upstream of(String url) {
		return of(url, DEFAULT_WEIGHT);
	}

	/**
	 * Creates an upstream.
	 * @param url absolute {@code http} or {@code https} URL
	 * @param weight relative weight, at least 1
	 * @return the upstream
	 * @throws IllegalArgumentException if the URL is not an absolute HTTP URL or the weight is not
	 * positive
	 */
	public static Upstream of(String url, int weight) {
		Objects.requireNonNull(url, "url");
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Upstream url '" + url + "' is not a valid URI", ex);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
			throw new IllegalArgumentException("Upstream url '" + url + "' must be an absolute http or https URL");
		}
		if (weight < 1) {
			throw new IllegalArgumentException("Upstream weight of '" + url + "' must be positive, was " + weight);
		}
		return new Upstream(uri, weight);
	}

	/**
	 * Returns the base URL requests are forwarded to.
	 * @return the URL
	 */
	public URI url() {
		return this.url;
	}

	/**
	 * Returns the relative weight, used by weighted strategies only.
	 * @return the weight, at least 1
	 */
	public int weight() {
		return this.weight;
	}

	/**
	 * Returns the URL as text: the name of the upstream's circuit breaker and its metric tag.
	 * @return the identifier
	 */
	public String id() {
		return this.id;
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof Upstream that && this.url.equals(that.url)
				&& this.weight == that.weight);
	}

	@Override
	public int hashCode() {
		return this.url.hashCode() * 31 + this.weight;
	}

	@Override
	public String toString() {
		return (this.weight == DEFAULT_WEIGHT) ? this.id : this.id + " (weight " + this.weight + ")";
	}

}
