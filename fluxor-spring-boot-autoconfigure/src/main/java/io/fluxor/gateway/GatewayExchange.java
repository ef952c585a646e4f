package io.fluxor.gateway;

import java.util.HashMap;
import java.util.Map;

import io.fluxor.gateway.route.Route;

/**
 * One request on its way through the {@link io.fluxor.gateway.filter.GatewayFilter filter chain}:
 * the request, the matched route and attributes filters share.
 *
 * <p>A filter that changes the request passes {@link #withRequest(HttpRequestMessage)} on to the
 * chain; the copy shares the attributes. Not thread-safe: an exchange belongs to one request, whose
 * signals Reactor serializes.
 */
public final class GatewayExchange {

	private final HttpRequestMessage request;

	private final Route route;

	private Map<String, Object> attributes;

	/**
	 * Creates an exchange.
	 * @param request the request
	 * @param route the matched route
	 */
	public GatewayExchange(HttpRequestMessage request, Route route) {
		this(request, route, null);
	}

	private GatewayExchange(HttpRequestMessage request, Route route, Map<String, Object> attributes) {
		this.request = request;
		this.route = route;
		this.attributes = attributes;
	}

	/**
	 * Returns the request.
	 * @return the request
	 */
	public HttpRequestMessage request() {
		return this.request;
	}

	/**
	 * Returns the matched route.
	 * @return the route
	 */
	public Route route() {
		return this.route;
	}

	/**
	 * Returns the attributes, created on first use.
	 * @return the mutable attributes
	 */
	public Map<String, Object> attributes() {
		if (this.attributes == null) {
			this.attributes = new HashMap<>(8);
		}
		return this.attributes;
	}

	/**
	 * Returns an exchange with another request and the same route and attributes.
	 * @param request the new request
	 * @return the new exchange
	 */
	public GatewayExchange withRequest(HttpRequestMessage request) {
		return new GatewayExchange(request, this.route, attributes());
	}

}
