package io.fluxor.gateway;

/**
 * Reads the parts of a request target (RFC 9112 §3.2): the path a route is matched on, the query
 * string and, for the absolute form a client sends to a proxy ({@code GET http://example.com/a}), the
 * authority, which names the host the request is for in place of its {@code Host} header (§3.2.2).
 */
public final class RequestTarget {

	private static final String SCHEME_END = "://";

	private RequestTarget() {
	}

	/**
	 * Returns the path of a target, as received (not yet decoded or normalised).
	 * @param target the request target without its fragment
	 * @param query the index of its {@code ?}, or -1
	 * @return the path, {@code /} for an absolute target without one
	 */
	static String path(String target, int query) {
		String beforeQuery = (query < 0) ? target : target.substring(0, query);
		if (!beforeQuery.isEmpty() && beforeQuery.charAt(0) == '/') {
			return beforeQuery;
		}
		int scheme = beforeQuery.indexOf(SCHEME_END);
		if (scheme >= 0) {
			int slash = beforeQuery.indexOf('/', scheme + SCHEME_END.length());
			return (slash < 0) ? "/" : beforeQuery.substring(slash);
		}
		return "/" + beforeQuery;
	}

	/**
	 * Returns the query string of a target, as received.
	 * @param target the request target without its fragment
	 * @return what follows the {@code ?}, or {@code null} when there is no {@code ?}
	 */
	public static String query(String target) {
		int query = target.indexOf('?');
		return (query < 0) ? null : target.substring(query + 1);
	}

	/**
	 * Returns the authority of a target in absolute form.
	 * @param target the request target without its fragment
	 * @return the authority as received (empty when the target has none), or {@code null} when the
	 * target is not in absolute form
	 */
	public static String authority(String target) {
		if (target.isEmpty() || target.charAt(0) == '/') {
			return null;
		}
		int scheme = target.indexOf(SCHEME_END);
		if (scheme <= 0) {
			return null;
		}
		int start = scheme + SCHEME_END.length();
		int end = start;
		while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
			end++;
		}
		return target.substring(start, end);
	}

}
