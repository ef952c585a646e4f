package io.fluxor.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Decodes {@code application/x-www-form-urlencoded} bodies for {@code form:NAME} key sources.
 * Trade-off: reading a form field means buffering the body before forwarding it, so the gateway
 * should only do it for routes whose key sources name a form field, and with a size limit.
 */
public final class UrlEncodedForm {

	/** Media type of URL-encoded forms. */
	public static final String MEDIA_TYPE = "application/x-www-form-urlencoded";

	private UrlEncodedForm() {
	}

	/**
	 * Returns whether a {@code Content-Type} value denotes a URL-encoded form.
	 * @param contentType the header value, may be {@code null}
	 * @return whether the body is a form
	 */
	public static boolean isForm(String contentType) {
		return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(MEDIA_TYPE);
	}

	/**
	 * Decodes a form body. A body with a malformed escape ({@code %zz}) has no fields: its key
	 * sources yield nothing and the next source applies, rather than the request failing.
	 * @param body the body bytes, UTF-8
	 * @return fields and their values, in order; empty when the body is malformed
	 */
	public static Map<String, List<String>> decode(byte[] body) {
		try {
			return new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false)
				.parameters();
		}
		catch (IllegalArgumentException ex) {
			return Map.of();
		}
	}

}
