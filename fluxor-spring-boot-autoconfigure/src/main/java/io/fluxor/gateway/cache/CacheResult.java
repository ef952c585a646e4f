package io.fluxor.gateway.cache;

import java.util.Locale;

/**
 * How a lookup was answered: the {@code X-Cache} header value and the {@code result} tag of
 * {@code fluxor.cache.requests}.
 */
public enum CacheResult {

	/** From the cache, fresh or stale within the stale-while-revalidate window. */
	HIT,

	/** From the upstream (possibly shared with concurrent lookups of the same key). */
	MISS;

	/**
	 * Returns the metric tag value.
	 * @return the lower-case name
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
