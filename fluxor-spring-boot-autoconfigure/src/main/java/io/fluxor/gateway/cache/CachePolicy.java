package io.fluxor.gateway.cache;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Decides whether and how long an upstream response may be stored, as a shared cache would
 * (RFC 9111):
 * <ul>
 * <li>only 200s, never with {@code no-store} or {@code no-cache} (this cache does not revalidate);
 * <li>never with a {@code Vary} naming a request header the key does not hold (the route's
 * {@code vary} headers, and {@code Accept-Encoding} when the body came unencoded, as loads ask for
 * it), so never with {@code Vary: *};
 * <li>{@code private} or {@code Set-Cookie} only when the key includes the user;
 * <li>an answer to a request with credentials, under a key that does not separate them
 * ({@link CacheKey#authorized()}), only when marked {@code public}, {@code s-maxage} or
 * {@code must-revalidate} (§3.5);
 * <li>fresh for {@code s-maxage}, else {@code max-age}, less the {@code Age} it arrived with, else
 * until {@code Expires} (unparseable or past: not stored), and at most the route's ttl;
 * <li>served stale within the route's stale-while-revalidate window unless marked to revalidate.
 * </ul>
 */
final class CachePolicy {

	static final long NOT_STORABLE = -1;

	// RFC 9111 §1.2.2: a delta-seconds too large to hold is sent as 2^31
	private static final long MAX_DELTA_SECONDS = 2147483648L;

	private CachePolicy() {
	}

	/**
	 * Returns how long the response stays fresh, in nanoseconds, or {@link #NOT_STORABLE}.
	 */
	static long freshNanos(CachedResponse response, ResponseCacheOptions options, boolean authorized,
			long nowEpochMillis) {
		if (response.status() != 200 || (authorized && !sharedDespiteCredentials(response))) {
			return NOT_STORABLE;
		}
		long ttl = options.ttl().toNanos();
		long maxAge = -1;
		long sharedMaxAge = -1;
		for (String header : response.headers("Cache-Control")) {
			for (String directive : header.split(",")) {
				String d = directive.trim().toLowerCase(Locale.ROOT);
				// a no-cache naming fields ("no-cache=\"Set-Cookie\"") also asks for revalidation
				if (d.equals("no-store") || d.equals("no-cache") || d.startsWith("no-cache=")) {
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
		if (!variesOnlyOnTheKey(response, options)
				|| (!options.varyByUser() && !response.headers("Set-Cookie").isEmpty())) {
			return NOT_STORABLE;
		}
		long lifetime = (sharedMaxAge >= 0) ? sharedMaxAge : maxAge;
		if (lifetime >= 0) {
			long left = lifetime - ageSeconds(response);
			return (left <= 0) ? NOT_STORABLE : Math.min(ttl, Duration.ofSeconds(left).toNanos());
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
	 * callers: not marked {@code private}, setting no cookie and, answering a request with
	 * credentials, marked for shared caches.
	 */
	static boolean isShareable(CachedResponse response, ResponseCacheOptions options, boolean authorized) {
		if (!variesOnlyOnTheKey(response, options)) {
			return false;
		}
		if (options.varyByUser()) {
			return true;
		}
		return (!authorized || sharedDespiteCredentials(response))
				&& !hasDirective(response, (d) -> d.startsWith("private")) && response.headers("Set-Cookie").isEmpty();
	}

	/**
	 * Returns whether the response may be served stale (within the route's stale-while-revalidate
	 * window): not when marked {@code must-revalidate}, {@code proxy-revalidate} or
	 * {@code s-maxage}, which implies the latter (RFC 9111 §5.2.2.2, §5.2.2.8, §5.2.2.10).
	 */
	static boolean mayServeStale(CachedResponse response) {
		return !hasDirective(response, (d) -> d.equals("must-revalidate") || d.equals("proxy-revalidate")
				|| d.startsWith("s-maxage="));
	}

	/**
	 * Returns whether every request header the response's {@code Vary} names is one the key holds,
	 * so that whoever has the key may get the response (RFC 9111 §4.1): the route's vary headers,
	 * and {@code Accept-Encoding} when the body is unencoded (what a load for the cache asks for),
	 * which every client accepts.
	 */
	private static boolean variesOnlyOnTheKey(CachedResponse response, ResponseCacheOptions options) {
		boolean unencoded = response.headers("Content-Encoding")
			.stream()
			.allMatch((coding) -> coding.trim().equalsIgnoreCase("identity"));
		for (String vary : response.headers("Vary")) {
			for (String name : vary.split(",")) {
				String header = name.trim();
				boolean held = header.isEmpty() || (unencoded && header.equalsIgnoreCase("Accept-Encoding"))
						|| options.vary().stream().anyMatch(header::equalsIgnoreCase);
				if (!held) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Returns whether the upstream marked a response to a request with credentials for shared caches:
	 * {@code public}, {@code s-maxage} or {@code must-revalidate} (RFC 9111 §3.5).
	 */
	private static boolean sharedDespiteCredentials(CachedResponse response) {
		return hasDirective(response, (d) -> d.equals("public") || d.startsWith("s-maxage=")
				|| d.equals("must-revalidate"));
	}

	/** Returns whether a {@code Cache-Control} directive of the response, lower case, is one of those sought. */
	private static boolean hasDirective(CachedResponse response, Predicate<String> sought) {
		for (String header : response.headers("Cache-Control")) {
			for (String directive : header.split(",")) {
				if (sought.test(directive.trim().toLowerCase(Locale.ROOT))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Returns the age the response arrived with: its {@code Age} header in seconds, 0 when absent or
	 * not a number (RFC 9111 §5.1).
	 */
	static long ageSeconds(CachedResponse response) {
		String age = response.header("Age");
		return (age != null) ? seconds(age) : 0;
	}

	private static long seconds(String value) {
		String digits = value.trim().replace("\"", "");
		if (digits.isEmpty() || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return 0;
		}
		try {
			return Math.min(Long.parseLong(digits), MAX_DELTA_SECONDS);
		}
		catch (NumberFormatException ex) {
			return MAX_DELTA_SECONDS;
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
