package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.fluxor.gateway.GatewayOptions;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A gateway on 127.0.0.1 and a free port over routes to upstreams, with a client for tests.
 */
final class TestGateway implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	static final GatewayOptions OPTIONS = GatewayOptions.defaults()
		.withAddress("127.0.0.1", 0)
		.withLimits(1024, 8192)
		.withRequestTimeout(Duration.ofSeconds(5));

	private final GatewayServer server;

	private final List<UpstreamProxy> proxies;

	private final HttpClient client;

	private TestGateway(GatewayServer server, List<UpstreamProxy> proxies) {
		this.server = server;
		this.proxies = proxies;
		this.client = HttpClient.newConnection().baseUrl("http://127.0.0.1:" + server.port());
	}

	static Builder builder(UpstreamClient client) {
		return new Builder(client);
	}

	UpstreamProxy proxy(int index) {
		return this.proxies.get(index);
	}

	int port() {
		return this.server.port();
	}

	HttpClient client() {
		return this.client;
	}

	Response get(String uri) {
		return request(HttpMethod.GET, uri, null, (headers) -> {
		});
	}

	Response request(HttpMethod method, String uri, String body, Consumer<HttpHeaders> headers) {
		// a declared length, as most clients send, so that small bodies are replayable
		HttpClient.RequestSender sender = this.client
			.headers((h) -> {
				if (body != null) {
					h.set("Content-Length", body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
				}
				headers.accept(h);
			})
			.request(method)
			.uri(uri);
		HttpClient.ResponseReceiver<?> receiver = (body != null) ? sender.send(ByteBufFlux.fromString(Mono.just(body)))
				: sender;
		return receiver
			.responseSingle((response, content) -> content.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> new Response(response.status().code(), response.responseHeaders(), bytes)))
			.block(TIMEOUT);
	}

	@Override
	public void close() {
		this.server.stop(Duration.ofSeconds(2));
	}

	record Response(int status, HttpHeaders headers, byte[] bytes) {

		String body() {
			return new String(this.bytes, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

	static final class Builder {

		private final UpstreamClient client;

		private final List<Route> routes = new ArrayList<>();

		private final List<UpstreamProxy> proxies = new ArrayList<>();

		private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

		private UpstreamMetrics metrics = UpstreamMetrics.noop();

		private GatewayOptions options = OPTIONS;

		private List<GatewayFilter> filters = List.of();

		private Consumer<TestGateway> onStart = (gateway) -> {
		};

		private Builder(UpstreamClient client) {
			this.client = client;
		}

		Builder metrics(UpstreamMetrics metrics) {
			this.metrics = metrics;
			return this;
		}

		/** Hands the started gateway to a fixture that stops it after the test. */
		Builder onStart(Consumer<TestGateway> onStart) {
			this.onStart = onStart;
			return this;
		}

		Builder options(GatewayOptions options) {
			this.options = options;
			return this;
		}

		Builder filters(GatewayFilter... filters) {
			this.filters = List.of(filters);
			return this;
		}

		Builder route(String id, String path, ProxyOptions options) {
			return route(id, path, options, Map.of(), null);
		}

		Builder route(String id, String path, ProxyOptions options, Map<String, String> headers, Duration timeout) {
			UpstreamProxy proxy = UpstreamProxy.builder(id, options)
				.client(this.client)
				.circuitBreakerRegistry(this.registry)
				.metrics(this.metrics)
				.build();
			this.proxies.add(proxy);
			this.routes.add(Route.of(id, path, RouteTarget.upstreams(proxy)).withHeaders(headers).withTimeout(timeout));
			return this;
		}

		TestGateway start() {
			GatewayServer server = GatewayServer.builder(Router.of(this.routes))
				.options(this.options)
				.filters(this.filters)
				.build()
				.start();
			TestGateway gateway = new TestGateway(server, List.copyOf(this.proxies));
			this.onStart.accept(gateway);
			return gateway;
		}

	}

}
