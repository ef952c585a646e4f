package io.fluxor.gateway.proxy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

import io.fluxor.gateway.loadbalance.Upstream;
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

	private UpstreamEndpoint(HttpClient client, String pathPrefix) {
		this.client = client;
		this.pathPrefix = pathPrefix;
	}

	/**
	 * Binds a client to an upstream.
	 * @param upstream the upstream, with an absolute {@code http} or {@code https} URL
	 * @param client the client with the route's options
	 * @return the endpoint
	 */
	static UpstreamEndpoint of(Upstream upstream, HttpClient client) {
		URI url = URI.create(upstream.id());
		boolean secure = "https".equals(url.getScheme().toLowerCase(Locale.ROOT));
		String host = url.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = (url.getPort() >= 0) ? url.getPort() : (secure ? 443 : 80);
		InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
		HttpClient bound = client.remoteAddress(() -> address);
		String path = (url.getRawPath() != null) ? url.getRawPath() : "";
		return new UpstreamEndpoint(secure ? bound.secure() : bound,
				path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
	}

	HttpClient client() {
		return this.client;
	}

	/**
	 * Returns the relative URI of a forwarded request.
	 * @param path the forwarded path, rewritten already
	 * @param query the raw query, or {@code null}
	 * @return the URI to request from {@link #client()}
	 */
	String uri(String path, String query) {
		String uri = this.pathPrefix.isEmpty() ? path : this.pathPrefix + path;
		if (uri.isEmpty() || uri.charAt(0) != '/') {
			uri = "/" + uri;
		}
		return (query != null) ? uri + "?" + query : uri;
	}

}
