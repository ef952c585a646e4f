package io.fluxor.gateway.ratelimit;

import java.util.Locale;

/**
 * Which limit a decision was taken against; the {@code scope} tag of
 * {@code fluxor.ratelimit.rejected}.
 */
public enum RateLimitScope {

	/** The route's single bucket, shared by every caller. */
	ROUTE,

	/** The caller's own bucket, keyed by the route's key sources. */
	USER;

	/**
	 * Returns the metric tag value.
	 * @return the lower-case name
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
