package io.fluxor.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response from a route target: the reply an event-bus consumer gives to an
 * {@link HttpRequestMessage}, or what a {@link GatewayHandler} emits.
 *
 * <p>Immutable apart from the body array, which is shared, not copied: treat it as read-only.
 *
 * @param status the HTTP status, 100 to 599
 * @param headers the headers
 * @param body the body, empty when there is none
 */
public record HttpResponseMessage(int status, Map<String, String> headers, byte[] body) {

	private static final byte[] EMPTY = new byte[0];

	/** The content type of {@link #ok(String)} and {@link #text(int, String)}. */
	public static final String TEXT_PLAIN = "text/plain; charset=utf-8";

	/** The content type of {@link #json(String)}. */
	public static final String APPLICATION_JSON = "application/json";

	/** The content type of {@link #ok(byte[])}. */
	public static final String APPLICATION_OCTET_STREAM = "application/octet-stream";

	/**
	 * Creates a response message.
	 * @param status the status
	 * @param headers the headers
	 * @param body the body
	 */
	public HttpResponseMessage {
		if (status < 100 || status > 599) {
			throw new IllegalArgumentException("status must be between 100 and 599 but was " + status);
		}
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
		body = (body != null) ? body : EMPTY;
	}

	/**
	 * Returns a 200 with a text body.
	 * @param body the text
	 * @return the response
	 */
	public static HttpResponseMessage ok(String body) {
		return text(200, body);
	}

	/**
	 * Returns a 200 with a binary body.
	 * @param body the bytes
	 * @return the response
	 */
	public static HttpResponseMessage ok(byte[] body) {
		return new HttpResponseMessage(200, Map.of("content-type", APPLICATION_OCTET_STREAM), body);
	}

	/**
	 * Returns a 200 with a JSON body.
	 * @param json the JSON text
	 * @return the response
	 */
	public static HttpResponseMessage json(String json) {
		return json(200, json);
	}

	/**
	 * Returns a response with a JSON body.
	 * @param status the status
	 * @param json the JSON text
	 * @return the response
	 */
	public static HttpResponseMessage json(int status, String json) {
		return new HttpResponseMessage(status, Map.of("content-type", APPLICATION_JSON),
				json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Returns a response with a text body.
	 * @param status the status
	 * @param body the text
	 * @return the response
	 */
	public static HttpResponseMessage text(int status, String body) {
		return new HttpResponseMessage(status, Map.of("content-type", TEXT_PLAIN),
				body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Returns a response without body.
	 * @param status the status
	 * @return the response
	 */
	public static HttpResponseMessage status(int status) {
		return new HttpResponseMessage(status, Map.of(), EMPTY);
	}

	/**
	 * Returns a copy with one more header.
	 * @param name the name
	 * @param value the value
	 * @return the new response
	 */
	public HttpResponseMessage withHeader(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new HttpResponseMessage(this.status, copy, this.body);
	}

	/**
	 * Returns the body decoded as UTF-8.
	 * @return the body text
	 */
	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "HttpResponseMessage[" + this.status + " body=" + this.body.length + " bytes]";
	}

}
