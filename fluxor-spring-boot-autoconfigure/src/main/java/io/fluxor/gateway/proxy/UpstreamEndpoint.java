package io.fluxor.gateway.proxy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.fluxor.gateway.loadbalance.Upstream;
import io.netty.channel.EventLoop;
import reactor.netty.http.client.HttpClient;

/**
 * An upstream as the proxy calls it: a client bound to the upstream's address, and the path its URL
 * puts in front of every forwarded path.
 *
 * <p>Requests carry a relative URI: given an absolute URL, Reactor Netty parses it with a regular
 * expression on every request, while a relative one goes to the client's bound address as it is.
 * The client sends the same {@code Host} ({@code host:port}) and uses TLS for {@code https}, as
 * it does for the absolute URL.
 */
final class UpstreamEndpoint {

	private final HttpClient client;

	private final String pathPrefix;

	private final Function<EventLoop, HttpClient> loopClient;

	private final Map<EventLoop, HttpClient> loopClients = new ConcurrentHashMap<>();

	private UpstreamEndpoint(HttpClient client, String pathPrefix, Function<EventLoop, HttpClient> loopClient) {
		this.client = client;
		this.pathPrefix = pathPrefix;
		this.loopClient = loopClient;
	}

	/**
	 * Binds a client to an upstream.
	 * @param upstream the upstream, with an absolute {@code http} or {@code https} URL
	 * @param client the client with the route's options
	 * @return the endpoint
	 */
	static UpstreamEndpoint of(Upstream upstream, HttpClient client) {
		return of(upstream, client, null);
	}

	/**
	 * Binds a client to an upstream, with a client of its own on each server event loop.
	 * @param upstream the upstream, with an absolute {@code http} or {@code https} URL
	 * @param client the client with the route's options, for callers off a server loop
	 * @param loopClient the client with the route's options whose connections live on a loop, or
	 * {@code null} for the shared client everywhere
	 * @return the endpoint
	 */
	static UpstreamEndpoint of(Upstream upstream, HttpClient client, Function<EventLoop, HttpClient> loopClient) {
		URI url = URI.create(upstream.id());
		boolean secure = "https".equals(url.getScheme().toLowerCase(Locale.ROOT));
		String host = url.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = (url.getPort() >= 0) ? url.getPort() : (secure ? 443 : 80);
		InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
		UnaryOperator<HttpClient> bind = (unbound) -> {
			HttpClient bound = unbound.remoteAddress(() -> address);
			return secure ? bound.secure() : bound;
		};
		String path = (url.getRawPath() != null) ? url.getRawPath() : "";
		return new UpstreamEndpoint(bind.apply(client), path.endsWith("/") ? path.substring(0, path.length() - 1) : path,
				(loopClient != null) ? loopClient.andThen(bind) : null);
	}

	/**
	 * Returns the client for a request that came on a connection of {@code loop}: one whose
	 * connections live on that loop, so the request is relayed without a hand-off between threads.
	 * @param loop the loop of the request's connection, or {@code null}
	 * @return the loop's client, or the shared one without a loop
	 */
	HttpClient client(EventLoop loop) {
		if (loop == null || this.loopClient == null) {
			return this.client;
		}
		HttpClient client = this.loopClients.get(loop);
		return (client != null) ? client : this.loopClients.computeIfAbsent(loop, this.loopClient);
	}

	/**
	 * Returns the relative URI of a forwarded request.
	 * @param path the forwarded path, rewritten already
	 * @param query the raw query, or {@code null}
	 * @return the URI to request from {@link #client(EventLoop)}
	 */
	String uri(String path, String query) {
		String uri = this.pathPrefix.isEmpty() ? path : this.pathPrefix + path;
		if (uri.isEmpty() || uri.charAt(0) != '/') {
			uri = "/" + uri;
		}
		return (query != null) ? uri + "?" + query : uri;
	}

}
