package io.fluxor.gateway.cache;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Evaluates the preconditions of a {@code GET} or {@code HEAD} against a response of the cache, so
 * that a client holding the same representation gets {@code 304 Not Modified} instead of the body
 * again (RFC 9110 §13.1.2, §13.1.3 and §13.2.2): {@code If-None-Match} with the weak comparison of
 * entity tags, else {@code If-Modified-Since} against {@code Last-Modified}. A field that cannot be
 * parsed is ignored, which only ever costs a full answer.
 */
public final class ConditionalRequests {

	private ConditionalRequests() {
	}

	/**
	 * Returns whether a request's preconditions say the client has the response already.
	 * @param request the request's headers
	 * @param response a 200 of the cache
	 * @return whether to answer {@code 304 Not Modified}
	 */
	public static boolean isNotModified(HttpHeaders request, CachedResponse response) {
		String ifNoneMatch = request.get(HttpHeaderNames.IF_NONE_MATCH);
		if (ifNoneMatch != null) {
			return matchesAny(ifNoneMatch, response.header("ETag"));
		}
		String ifModifiedSince = request.get(HttpHeaderNames.IF_MODIFIED_SINCE);
		String lastModified = (ifModifiedSince != null) ? response.header("Last-Modified") : null;
		if (lastModified == null) {
			return false;
		}
		ZonedDateTime since = httpDate(ifModifiedSince);
		ZonedDateTime modified = httpDate(lastModified);
		return since != null && modified != null && !modified.isAfter(since);
	}

	/**
	 * Returns whether an {@code If-None-Match} value names the entity tag, by weak comparison: the
	 * opaque tags equal, with or without {@code W/}. A value of {@code *} matches any response, with
	 * an entity tag or without.
	 */
	static boolean matchesAny(String ifNoneMatch, String etag) {
		if (ifNoneMatch.trim().equals("*")) {
			return true;
		}
		if (etag == null) {
			return false;
		}
		String opaque = opaqueTag(etag.trim());
		if (opaque == null) {
			return false;
		}
		int i = 0;
		int length = ifNoneMatch.length();
		while (i < length) {
			char c = ifNoneMatch.charAt(i);
			if (c == ' ' || c == '\t' || c == ',') {
				i++;
				continue;
			}
			if (ifNoneMatch.startsWith("W/", i)) {
				i += 2;
			}
			if (i >= length || ifNoneMatch.charAt(i) != '"') {
				return false;
			}
			// an opaque tag may hold commas: it ends at the next quote
			int end = ifNoneMatch.indexOf('"', i + 1);
			if (end < 0) {
				return false;
			}
			if (ifNoneMatch.regionMatches(i, opaque, 0, opaque.length()) && end + 1 - i == opaque.length()) {
				return true;
			}
			i = end + 1;
		}
		return false;
	}

	/** The quoted part of an entity tag, without {@code W/}; {@code null} when it is not one. */
	private static String opaqueTag(String etag) {
		String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
		return (tag.length() >= 2 && tag.charAt(0) == '"' && tag.indexOf('"', 1) == tag.length() - 1) ? tag : null;
	}

	private static ZonedDateTime httpDate(String value) {
		try {
			return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
