package io.fluxor.gateway.proxy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fluxor.gateway.RequestHeaderMap;
import io.fluxor.gateway.RequestTarget;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Header rewriting of the proxy: hop-by-hop headers (RFC 9110 §7.6.1) are dropped in both
 * directions, with the headers that {@code Connection} lists; requests get {@code X-Forwarded-For}
 * (appended to any value from a proxy in front), {@code X-Forwarded-Proto}, {@code -Host} and
 * {@code -Port}; the {@code Host} header becomes the upstream's, set by the client.
 */
final class ProxyHeaders {

	static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");

	static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");

	static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");

	static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");

	private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");

	private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

	private static final AsciiString[] HOP_BY_HOP = { HttpHeaderNames.CONNECTION, KEEP_ALIVE, PROXY_CONNECTION,
			HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE,
			HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION };

	private ProxyHeaders() {
	}

	/**
	 * Writes the headers to send upstream into the upstream request's headers, in place of what
	 * they held: the client's without hop-by-hop headers and {@code Host}, plus the
	 * {@code X-Forwarded-*} headers. Written straight into the target, so they are copied once.
	 */
	static void forUpstream(HttpHeaders received, HttpServerRequest request, HttpHeaders target) {
		target.set(received);
		removeHopByHop(target);
		forwarded(target, received, request);
	}

	/**
	 * Writes the headers to send upstream from a request a filter replaced (lower-case names,
	 * repeated values joined) into the upstream request's headers, in place of what they held.
	 */
	static void forUpstream(Map<String, String> replaced, HttpServerRequest request, HttpHeaders target) {
		HttpHeaders received = request.requestHeaders();
		if (replaced instanceof RequestHeaderMap view && view.isViewOf(received)) {
			// the received headers with a filter's few changes: copied in bulk, then changed; the
			// client's hop-by-hop headers go first, so that a header a filter sets (a forwarded
			// claim) cannot be dropped by a client naming it in Connection
			target.set(received);
			removeHopByHop(target);
			view.applyChangesTo(target);
		}
		else {
			target.clear();
			replaced.forEach(target::add);
			removeHopByHop(target);
		}
		forwarded(target, received, request);
	}

	private static void forwarded(HttpHeaders headers, HttpHeaders received, HttpServerRequest request) {
		// RFC 9112 §3.2.2: the authority of an absolute-form target names the host, not Host
		String authority = RequestTarget.authority(request.uri());
		String host = (authority != null) ? authority : received.get(HttpHeaderNames.HOST);
		headers.remove(HttpHeaderNames.HOST);
		String client = address(request.connectionRemoteAddress());
		List<String> chain = headers.getAll(X_FORWARDED_FOR);
		if (chain.isEmpty()) {
			headers.set(X_FORWARDED_FOR, client);
		}
		else {
			headers.set(X_FORWARDED_FOR, String.join(", ", chain) + ", " + client);
		}
		headers.set(X_FORWARDED_PROTO, request.scheme());
		if (host != null) {
			headers.set(X_FORWARDED_HOST, host);
		}
		SocketAddress local = request.connectionHostAddress();
		if (local instanceof InetSocketAddress inet) {
			headers.set(X_FORWARDED_PORT, Integer.toString(inet.getPort()));
		}
	}

	/**
	 * Copies an upstream response's headers to the client's response, hop-by-hop headers dropped.
	 * Headers the response holds already (a filter's, such as the rate limit's) win over the
	 * upstream's of the same name; the {@code transfer-encoding: chunked} a Reactor Netty response
	 * starts with is replaced.
	 */
	static void copyResponse(HttpHeaders from, HttpHeaders to) {
		to.remove(HttpHeaderNames.TRANSFER_ENCODING);
		if (to.isEmpty()) {
			to.set(from);
			removeHopByHop(to);
			return;
		}
		// the few headers set before (names and values in turn), put back over the bulk copy
		CharSequence[] own = new CharSequence[to.size() * 2];
		int length = 0;
		for (Iterator<Map.Entry<CharSequence, CharSequence>> it = to.iteratorCharSequence(); it.hasNext();) {
			Map.Entry<CharSequence, CharSequence> header = it.next();
			own[length++] = header.getKey();
			own[length++] = header.getValue();
		}
		to.set(from);
		removeHopByHop(to);
		for (int i = 0; i < length; i += 2) {
			to.remove(own[i]);
		}
		for (int i = 0; i < length; i += 2) {
			to.add(own[i], own[i + 1]);
		}
	}

	/**
	 * Returns an upstream response's headers, hop-by-hop headers dropped, for a cached response.
	 */
	static Map<String, List<String>> toMap(HttpHeaders from) {
		HttpHeaders copy = new DefaultHttpHeaders(false).set(from);
		removeHopByHop(copy);
		Map<String, List<String>> map = new LinkedHashMap<>();
		for (Iterator<Map.Entry<String, String>> it = copy.iteratorAsString(); it.hasNext();) {
			Map.Entry<String, String> header = it.next();
			map.computeIfAbsent(header.getKey(), (name) -> new ArrayList<>(1)).add(header.getValue());
		}
		return map;
	}

	static void removeHopByHop(HttpHeaders headers) {
		// most responses have no Connection header: no list of its values then
		if (headers.contains(HttpHeaderNames.CONNECTION)) {
			for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
				for (String token : value.split(",")) {
					String name = token.trim();
					if (!name.isEmpty()) {
						headers.remove(name);
					}
				}
			}
		}
		for (AsciiString name : HOP_BY_HOP) {
			headers.remove(name);
		}
	}

	private static String address(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
		}
		return String.valueOf(address);
	}

}
