package io.fluxor.gateway.cache;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Decides whether and how long an upstream response may be stored, as a shared cache would
 * (RFC 9111): only 200s; never with {@code no-store} or {@code no-cache} (this cache does not
 * revalidate), {@code Vary: *}; {@code private} or {@code Set-Cookie} only when the key includes
 * the user; freshness capped by {@code s-maxage}, else {@code max-age}, else {@code Expires} (an
 * unparseable or past {@code Expires} means already stale, so not stored).
 */
final class CachePolicy {

	static final long NOT_STORABLE = -1;

	private CachePolicy() {
	}

	/**
	 * Returns how long the response stays fresh, in nanoseconds, or {@link #NOT_STORABLE}.
	 */
	static long freshNanos(CachedResponse response, ResponseCacheOptions options, long nowEpochMillis) {
		if (response.status() != 200) {
			return NOT_STORABLE;
		}
		long ttl = options.ttl().toNanos();
		long maxAge = -1;
		long sharedMaxAge = -1;
		for (String header : response.headers("Cache-Control")) {
			for (String directive : header.split(",")) {
				String d = directive.trim().toLowerCase(Locale.ROOT);
				if (d.equals("no-store") || d.equals("no-cache")) {
					return NOT_STORABLE;
				}
				if (d.startsWith("private") && !options.varyByUser()) {
					return NOT_STORABLE;
				}
				if (d.startsWith("s-maxage=")) {
					sharedMaxAge = seconds(d.substring(9));
				}
				else if (d.startsWith("max-age=")) {
					maxAge = seconds(d.substring(8));
				}
			}
		}
		for (String vary : response.headers("Vary")) {
			if (vary.trim().equals("*")) {
				return NOT_STORABLE;
			}
		}
		if (!options.varyByUser() && !response.headers("Set-Cookie").isEmpty()) {
			return NOT_STORABLE;
		}
		long age = (sharedMaxAge >= 0) ? sharedMaxAge : maxAge;
		if (age >= 0) {
			return (age == 0) ? NOT_STORABLE : Math.min(ttl, Duration.ofSeconds(age).toNanos());
		}
		String expires = response.header("Expires");
		if (expires != null) {
			long left = expiresInMillis(expires, nowEpochMillis);
			return (left <= 0) ? NOT_STORABLE : Math.min(ttl, Duration.ofMillis(left).toNanos());
		}
		return ttl;
	}

	/**
	 * Returns whether a response (stored or not) may be handed to concurrent requests of other
	 * callers: not marked {@code private} and setting no cookie.
	 */
	static boolean isShareable(CachedResponse response, ResponseCacheOptions options) {
		if (options.varyByUser()) {
			return true;
		}
		for (String header : response.headers("Cache-Control")) {
			if (header.toLowerCase(Locale.ROOT).contains("private")) {
				return false;
			}
		}
		return response.headers("Set-Cookie").isEmpty();
	}

	private static long seconds(String value) {
		try {
			return Math.max(0, Long.parseLong(value.trim().replace("\"", "")));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static long expiresInMillis(String expires, long nowEpochMillis) {
		try {
			return ZonedDateTime.parse(expires.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
					- nowEpochMillis;
		}
		catch (DateTimeParseException ex) {
			return 0;
		}
	}

}
