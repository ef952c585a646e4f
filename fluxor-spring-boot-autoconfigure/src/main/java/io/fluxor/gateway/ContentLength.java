package io.fluxor.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Reads the declared body length of a request or response.
 */
public final class ContentLength {

	/** What {@link #of(HttpHeaders)} returns when no usable length is declared. */
	public static final long UNKNOWN = -1;

	private ContentLength() {
	}

	/**
	 * Returns the {@code Content-Length} of a message.
	 * @param headers the message's headers
	 * @return the length, or {@link #UNKNOWN} when absent or not a number (Netty's decoder already
	 * answers such requests with a 400)
	 */
	public static long of(HttpHeaders headers) {
		String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		if (value == null) {
			return UNKNOWN;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return UNKNOWN;
		}
	}

}
