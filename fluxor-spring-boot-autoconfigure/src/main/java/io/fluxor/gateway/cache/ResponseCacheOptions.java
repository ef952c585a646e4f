package io.fluxor.gateway.cache;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.fluxor.gateway.HeaderName;

/**
 * Options of one route's {@link ResponseCache}.
 *
 * @param ttl time a response stays fresh, capped by the upstream's {@code max-age}
 * @param maxEntries most responses held (least recently used evicted first)
 * @param vary request headers whose values are part of the key: HTTP header names, trimmed
 * @param varyByUser whether the user key is part of the key; only then are {@code private}
 * responses and responses setting cookies stored
 * @param staleWhileRevalidate time after expiry during which a stale response is served while one
 * background request refreshes it (never one marked {@code must-revalidate}, {@code proxy-revalidate}
 * or {@code s-maxage}); zero to disable
 */
public record ResponseCacheOptions(Duration ttl, long maxEntries, List<String> vary, boolean varyByUser,
		Duration staleWhileRevalidate) {

	/** Default time to live. */
	public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

	/** Default most entries. */
	public static final long DEFAULT_MAX_ENTRIES = 1_000;

	/**
	 * Validates the options.
	 */
	public ResponseCacheOptions {
		Objects.requireNonNull(ttl, "ttl");
		Objects.requireNonNull(staleWhileRevalidate, "staleWhileRevalidate");
		for (String name : vary) {
			if (!HeaderName.isValid(name)) {
				throw new IllegalArgumentException("vary must list valid HTTP header names but held '" + name + "'");
			}
		}
		vary = vary.stream().map(String::trim).toList();
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive, was " + ttl);
		}
		if (maxEntries < 1) {
			throw new IllegalArgumentException("max-entries must be positive, was " + maxEntries);
		}
		if (staleWhileRevalidate.isNegative()) {
			throw new IllegalArgumentException("stale-while-revalidate must not be negative, was " + staleWhileRevalidate);
		}
	}

	/**
	 * Returns options with this ttl and the defaults otherwise.
	 * @param ttl time to live
	 * @return the options
	 */
	public static ResponseCacheOptions ofTtl(Duration ttl) {
		return new ResponseCacheOptions(ttl, DEFAULT_MAX_ENTRIES, List.of(), false, Duration.ZERO);
	}

}
