package io.fluxor.gateway.proxy;

import java.util.Locale;

/**
 * How one attempt to reach an upstream ended: the {@code outcome} tag of
 * {@code fluxor.gateway.upstream.requests}.
 */
public enum UpstreamOutcome {

	/** The upstream answered 1xx, 2xx or 3xx. */
	SUCCESS,

	/** The upstream answered 4xx. */
	CLIENT_ERROR,

	/** The upstream answered 5xx. */
	SERVER_ERROR,

	/**
	 * No connection within the connect timeout, or no response headers within the response timeout
	 * or the route's total timeout.
	 */
	TIMEOUT,

	/** The connection could not be opened or broke before the response headers. */
	CONNECT_FAILURE,

	/** No upstream was tried: every breaker is open (upstream tag {@code none}). */
	REJECTED;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * Returns the outcome of a response status.
	 * @param status the upstream's status
	 * @return success, client error or server error
	 */
	public static UpstreamOutcome of(int status) {
		if (status >= 500) {
			return SERVER_ERROR;
		}
		return (status >= 400) ? CLIENT_ERROR : SUCCESS;
	}

	/**
	 * Returns the metric tag value.
	 * @return the lower-case name, e.g. {@code connect_failure}
	 */
	public String tag() {
		return this.tag;
	}

}
