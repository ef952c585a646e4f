package io.fluxor.gateway;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

import io.fluxor.gateway.route.Route;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One request on its way through the {@link io.fluxor.gateway.filter.GatewayFilter filter chain}:
 * the request, the matched route, the client's address and attributes filters share.
 *
 * <p>A filter that changes the request passes {@link #withRequest(HttpRequestMessage)} on to the
 * chain; the copy shares the attributes. Not thread-safe: an exchange belongs to one request, whose
 * signals Reactor serializes.
 *
 * <p>On routes to {@code upstreams} the exchange also carries the Reactor Netty request and response:
 * the request body is not read into {@link HttpRequestMessage#body()} (it is empty) but streamed to
 * the upstream, and the upstream's response is streamed to the client.
 */
public final class GatewayExchange {

	private final HttpRequestMessage request;

	private final Route route;

	private final InetSocketAddress remoteAddress;

	private final HttpRequestMessage received;

	private final HttpServerRequest serverRequest;

	private final HttpServerResponse serverResponse;

	private Map<String, Object> attributes;

	/**
	 * Creates an exchange.
	 * @param request the request
	 * @param route the matched route
	 */
	public GatewayExchange(HttpRequestMessage request, Route route) {
		this(request, route, (InetSocketAddress) null);
	}

	/**
	 * Creates an exchange for a request received from a peer.
	 * @param request the request
	 * @param route the matched route
	 * @param remoteAddress the address of the direct peer (the client or the last proxy), or
	 * {@code null} if unknown
	 */
	public GatewayExchange(HttpRequestMessage request, Route route, InetSocketAddress remoteAddress) {
		this(request, request, route, remoteAddress, null, null, null);
	}

	/**
	 * Creates an exchange over a Reactor Netty request and response, as the server does for routes
	 * that stream to upstreams.
	 * @param request the request, its body empty
	 * @param route the matched route
	 * @param serverRequest the Reactor Netty request, its body unread
	 * @param serverResponse the Reactor Netty response, not yet sent
	 */
	public GatewayExchange(HttpRequestMessage request, Route route, HttpServerRequest serverRequest,
			HttpServerResponse serverResponse) {
		this(request, request, route, inet(serverRequest.connectionRemoteAddress()), serverRequest, serverResponse,
				null);
	}

	private GatewayExchange(HttpRequestMessage request, HttpRequestMessage received, Route route,
			InetSocketAddress remoteAddress, HttpServerRequest serverRequest, HttpServerResponse serverResponse,
			Map<String, Object> attributes) {
		this.request = request;
		this.received = received;
		this.route = route;
		this.remoteAddress = remoteAddress;
		this.serverRequest = serverRequest;
		this.serverResponse = serverResponse;
		this.attributes = attributes;
	}

	private static InetSocketAddress inet(SocketAddress address) {
		return (address instanceof InetSocketAddress inet) ? inet : null;
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
	 * Returns an exchange with another request and the same route, peer, server request and
	 * response, and attributes.
	 * @param request the new request
	 * @return the new exchange
	 */
	public GatewayExchange withRequest(HttpRequestMessage request) {
		return new GatewayExchange(request, this.received, this.route, this.remoteAddress, this.serverRequest,
				this.serverResponse, attributes());
	}

	/**
	 * Returns whether a filter replaced the request the server received, so that a proxy forwards
	 * the filter's headers and path rather than the original ones.
	 * @return {@code true} after {@link #withRequest} with another request
	 */
	public boolean isRequestReplaced() {
		return this.request != this.received;
	}

	/**
	 * Returns the Reactor Netty request, set on routes to upstreams.
	 * @return the request, or {@code null}
	 */
	public HttpServerRequest serverRequest() {
		return this.serverRequest;
	}

	/**
	 * Returns the Reactor Netty response, set on routes to upstreams. A target that sends it itself
	 * returns a message whose status is the one sent; the server then writes nothing more.
	 * @return the response, or {@code null}
	 */
	public HttpServerResponse serverResponse() {
		return this.serverResponse;
	}

}
