package io.fluxor.gateway;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as a route target sees it: the body of the event-bus request sent to an address,
 * or the argument of a {@link GatewayHandler}.
 *
 * <p>Header names are lower-case; repeated headers are joined with {@code ","} ({@code Cookie}
 * headers with {@code "; "}). The headers of a received request are a read-only view of the
 * decoded headers, built into a map only when iterated. The body array is shared, not copied, to
 * keep copies off the hot path: treat it as read-only.
 *
 * @param method the upper-case HTTP method
 * @param path the raw request path, without query string
 * @param route the template of the matched route, e.g. {@code /users/{id}}
 * @param pathParams the decoded path parameters
 * @param queryParams the decoded query parameters
 * @param headers the headers, names lower-case
 * @param body the body, empty when there is none
 */
public record HttpRequestMessage(String method, String path, String route, Map<String, String> pathParams,
		Map<String, List<String>> queryParams, Map<String, String> headers, byte[] body) {

	private static final byte[] EMPTY = new byte[0];

	/**
	 * Creates a request message.
	 * @param method the method
	 * @param path the path
	 * @param route the route template
	 * @param pathParams the path parameters
	 * @param queryParams the query parameters
	 * @param headers the headers
	 * @param body the body
	 */
	public HttpRequestMessage {
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(path, "path");
		pathParams = (pathParams != null) ? Map.copyOf(pathParams) : Map.of();
		queryParams = (queryParams != null) ? Map.copyOf(queryParams) : Map.of();
		// the view of received headers is read-only already: copying it would build the map it saves
		headers = (headers instanceof RequestHeaderMap) ? headers : (headers != null) ? Map.copyOf(headers) : Map.of();
		body = (body != null) ? body : EMPTY;
	}

	/**
	 * Returns a header.
	 * @param name the name, any case
	 * @return the value, or {@code null}
	 */
	public String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Returns this request with some headers set or removed, as a filter forwards it. The headers of
	 * a received request are not copied: the changes sit on top of them, and a proxy sends the
	 * received headers with the changes applied.
	 * @param changes values by header name, any case; a {@code null} value removes the header
	 * @return the changed request
	 */
	public HttpRequestMessage withHeaders(Map<String, String> changes) {
		Map<String, String> headers;
		if (this.headers instanceof RequestHeaderMap view) {
			headers = view.with(changes);
		}
		else {
			Map<String, String> copy = new HashMap<>(this.headers);
			RequestHeaderMap.applyTo(changes, copy);
			headers = copy;
		}
		return new HttpRequestMessage(this.method, this.path, this.route, this.pathParams, this.queryParams, headers,
				this.body);
	}

	/**
	 * Returns a path parameter.
	 * @param name the name
	 * @return the value, or {@code null}
	 */
	public String pathParam(String name) {
		return this.pathParams.get(name);
	}

	/**
	 * Returns the first value of a query parameter.
	 * @param name the name
	 * @return the value, or {@code null}
	 */
	public String queryParam(String name) {
		List<String> values = this.queryParams.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
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
		return "HttpRequestMessage[" + this.method + " " + this.path + " route=" + this.route + " body="
				+ this.body.length + " bytes]";
	}

}
