package io.fluxor.benchmarks.baselines;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * The baseline of the gateway load script: a reverse proxy written directly on Reactor Netty, with a
 * pooled keep-alive {@link HttpClient}, bodies streamed both ways and hop-by-hop headers dropped, and
 * nothing else (no routing table, filters, metrics or retries). The Fluxor gateway in front of the
 * same upstream should come close to it.
 *
 * <p>{@code GET /memory} is not proxied: it is answered from memory, as {@link BareReactorNettyServer}
 * answers, so that a load script can measure Reactor Netty's answer from memory in a JVM that also
 * proxies (whose compiled Netty code the client side shares), as a gateway's cache hit runs.
 *
 * <p>Usage: {@code java -cp baselines.jar io.fluxor.benchmarks.baselines.BareReactorNettyProxy UPSTREAM [host] [port]},
 * {@code UPSTREAM} as {@code http://127.0.0.1:9001}; host and port default to {@code 127.0.0.1} and
 * {@code 0}. Once bound it prints {@code BareReactorNettyProxy listening on HOST:PORT}.
 */
public final class BareReactorNettyProxy {

	/** Connection-level headers of RFC 9110 §7.6.1 that a proxy must not forward. */
	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
			"proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");

	private static final int MAX_CONNECTIONS = 1024;

	private static final String MEMORY_PATH = "/memory";

	private final HttpClient client;

	private BareReactorNettyProxy(String upstream) {
		this.client = HttpClient.create(ConnectionProvider.create("bare-proxy", MAX_CONNECTIONS)).baseUrl(upstream);
	}

	/**
	 * Starts the proxy and blocks until the process ends.
	 * @param args the upstream base URL, then optional host and port
	 */
	public static void main(String[] args) {
		if (args.length < 1) {
			System.err.println("usage: BareReactorNettyProxy UPSTREAM_URL [host] [port]");
			System.exit(2);
		}
		String host = (args.length > 1) ? args[1] : "127.0.0.1";
		int port = (args.length > 2) ? Integer.parseInt(args[2]) : 0;
		BareReactorNettyProxy proxy = new BareReactorNettyProxy(args[0]);
		DisposableServer server = HttpServer.create().host(host).port(port).handle(proxy::forward).bindNow();
		System.out.println("BareReactorNettyProxy listening on " + host + ":" + server.port() + " -> " + args[0]);
		server.onDispose().block();
	}

	private Publisher<Void> forward(HttpServerRequest request, HttpServerResponse response) {
		if (request.method() == HttpMethod.GET && MEMORY_PATH.equals(request.uri())) {
			return BareReactorNettyServer.hello(response);
		}
		return this.client.request(request.method())
			.uri(request.uri())
			.send((upstreamRequest, outbound) -> {
				copyEndToEnd(request.requestHeaders(), upstreamRequest.requestHeaders());
				return outbound.send(request.receive().retain());
			})
			.response((upstreamResponse, body) -> {
				response.status(upstreamResponse.status());
				copyEndToEnd(upstreamResponse.responseHeaders(), response.responseHeaders());
				return response.send(body.retain());
			})
			.then();
	}

	private static void copyEndToEnd(HttpHeaders from, HttpHeaders to) {
		String connection = from.get(HttpHeaderNames.CONNECTION);
		Set<String> listed = (connection != null) ? Arrays.stream(connection.split(","))
			.map((token) -> token.trim().toLowerCase(Locale.ROOT))
			.collect(Collectors.toSet()) : Set.of();
		from.forEach((header) -> {
			String name = header.getKey().toLowerCase(Locale.ROOT);
			if (!HOP_BY_HOP.contains(name) && !listed.contains(name)) {
				to.add(header.getKey(), header.getValue());
			}
		});
	}

}
