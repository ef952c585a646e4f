package io.fluxor.gateway;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import io.fluxor.gateway.route.Route;

/**
 * One request on its way through the {@link io.fluxor.gateway.filter.GatewayFilter filter chain}:
 * the request, the matched route, the client's address and attributes filters share.
 *
 * <p>A filter that changes the request passes {@link #withRequest(HttpRequestMessage)} on to the
 * chain; the copy shares the attributes. Not thread-safe: an exchange belongs to one request, whose
 * signals Reactor serializes.
 */
public final class GatewayExchange {

	private final HttpRequestMessage request;

	private final Route route;

	private final InetSocketAddress remoteAddress;

	private Map<String, Object> attributes;

	/**
	 * Creates an exchange.
	 * @param request the request
	 * @param route the matched route
	 */
	public GatewayExchange(HttpRequestMessage request, Route route) {
		this(request, route, null, null);
	}

	/**
	 * Creates an exchange for a request received from a peer.
	 * @param request the request
	 * @param route the matched route
	 * @param remoteAddress the address of the direct peer (the client or the last proxy), or
	 * {@code null} if unknown
	 */
	public GatewayExchange(HttpRequestMessage request, Route route, InetSocketAddress remoteAddress) {
		this(request, route, remoteAddress, null);
	}

	private GatewayExchange(HttpRequestMessage request, Route route, InetSocketAddress remoteAddress,
			Map<String, Object> attributes) {
		this.request = request;
		this.route = route;
		this.remoteAddress = remoteAddress;
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
	 * Returns the address of the direct peer: the client, or the last proxy in front of the
	 * gateway. {@code X-Forwarded-For} is not applied here.
	 * @return the address, or {@code null} if unknown
	 */
	public InetSocketAddress remoteAddress() {
		return this.remoteAddress;
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
	 * Returns an exchange with another request and the same route, peer and attributes.
	 * @param request the new request
	 * @return the new exchange
	 */
	public GatewayExchange withRequest(HttpRequestMessage request) {
		return new GatewayExchange(request, this.route, this.remoteAddress, attributes());
	}

}
