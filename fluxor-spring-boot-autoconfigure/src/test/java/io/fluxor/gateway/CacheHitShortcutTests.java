package io.fluxor.gateway;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.gateway.backpressure.ConcurrencyLimiter;
import io.fluxor.gateway.backpressure.Permit;
import io.fluxor.gateway.cache.ResponseCacheOptions;
import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.loadbalance.Upstream;
import io.fluxor.gateway.proxy.ProxyOptions;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamClient;
import io.fluxor.gateway.proxy.UpstreamClientOptions;
import io.fluxor.gateway.proxy.UpstreamProxy;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.fluxor.metrics.MicrometerGatewayMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache hits answered before Reactor Netty sees the request: on a real gateway over a real
 * upstream, and, for what reaches Reactor Netty and what does not, on an {@link EmbeddedChannel}
 * over the same cache.
 */
class CacheHitShortcutTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final UpstreamClient client = UpstreamClient.create(UpstreamClientOptions.DEFAULTS);

	// answers /slow after 300 ms, never cached; anything else at once, cached for a minute
	private final TestUpstream upstream = TestUpstream.start((request, response) -> request.uri().startsWith("/slow")
			? Mono.delay(Duration.ofMillis(300))
				.then(response.header("Cache-Control", "no-store").sendString(Mono.just("slow")).then())
			: response.header("Cache-Control", "max-age=60").header("ETag", "\"v1\"").sendString(Mono.just("cached " + request.uri())).then());

	private final Router router = Router.of(Route.of("r", "/**", RouteTarget.upstreams(UpstreamProxy
		.builder("r", ProxyOptions.builder(List.of(Upstream.of(this.upstream.url())))
			.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)))
			.build())
		.client(this.client)
		.build())));

	private final GatewayServer server = GatewayServer.builder(this.router)
		.options(GatewayOptions.defaults().withAddress("127.0.0.1", 0).withRequestTimeout(Duration.ofSeconds(5)))
		.metrics(new MicrometerGatewayMetrics(this.registry))
		.build()
		.start();

	private final TestHttp http = new TestHttp(this.server.port());

	@AfterEach
	void stop() {
		this.server.stop(Duration.ofSeconds(2));
		this.upstream.close();
		this.client.dispose();
	}

	@Test
	void hitsPipelinedBehindAnUnansweredRequestWaitForItsResponseAndGoOutAsTheShortcutSendsThem()
			throws IOException {
		assertThat(this.http.get("/a").headers().get("X-Cache")).isEqualTo("MISS");
		assertThat(this.http.get("/b").headers().get("X-Cache")).isEqualTo("MISS");
		String pipelined = TestHttp.rawExchange(this.server.port(),
				get("/slow") + get("/a") + get("/a") + "HEAD /a HTTP/1.1\r\nHost: localhost\r\n\r\n" + get("/b"),
				"cached /b");
		assertThat(pipelined).as("responses in the order of their requests")
			.startsWith("HTTP/1.1 200 OK")
			.containsSubsequence("slow", "cached /a", "cached /a", "cached /b");
		assertThat(pipelined.split("(?i)x-cache: HIT")).as("HEAD has entries of its own: a miss").hasSize(4);
		assertThat(this.upstream.calls()).isEqualTo(4);
	}

	@Test
	void aHitAnsweredInPlaceIsTheResponseReactorNettyWouldSend() throws IOException {
		String head = "HEAD /a HTTP/1.1\r\nHost: localhost\r\n\r\n";
		String held = "GET /a HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \"v1\"\r\n\r\n";
		this.http.get("/a");
		TestHttp.rawExchange(this.server.port(), head, "\r\n\r\n");
		String browser = "GET /a HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n";
		for (String request : List.of(get("/a"), head, held, browser)) {
			// alone on its connection, answered in place; behind the slow request, through Reactor Netty
			boolean bodiless = request.equals(head) || request.equals(held);
			String alone = TestHttp.rawExchange(this.server.port(), request,
					(received) -> TestHttp.isComplete(received, bodiless));
			String behind = TestHttp.rawExchange(this.server.port(), get("/slow") + request,
					(received) -> received.contains("slow") && TestHttp.isComplete(received.split("slow", 2)[1], bodiless));
			assertThat(alone).as(request).containsIgnoringCase("x-cache: HIT");
			assertThat(withoutAge(behind.split("slow", 2)[1])).as(request).isEqualTo(withoutAge(alone));
		}
		assertThat(TestHttp.rawStatusLine(this.server.port(), held)).isEqualTo("HTTP/1.1 304 Not Modified");
		assertThat(this.upstream.calls()).isEqualTo(6);
	}

	@Test
	void everyConnectionHasTheShortcutBetweenTheCodecAndReactorNetty() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.getOutputStream().write(get("/a").getBytes(StandardCharsets.ISO_8859_1));
			assertThat(socket.getInputStream().read()).as("answered").isEqualTo('H');
			assertThat(List.copyOf(this.server.connections())).singleElement()
				.extracting((channel) -> channel.pipeline().names())
				.asInstanceOf(InstanceOfAssertFactories.list(String.class))
				.containsSubsequence(NettyPipeline.HttpCodec, CacheHitShortcut.NAME, NettyPipeline.HttpTrafficHandler);
		}
	}

	@Test
	void aKeptAliveConnectionReadsOnAfterEachHitAnsweredInPlace() throws IOException {
		this.http.get("/a");
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.setSoTimeout((int) TestHttp.TIMEOUT.toMillis());
			for (int i = 0; i < 5; i++) {
				socket.getOutputStream().write(get("/a").getBytes(StandardCharsets.ISO_8859_1));
				StringBuilder response = new StringBuilder();
				while (!response.toString().endsWith("cached /a")) {
					int c = socket.getInputStream().read();
					assertThat(c).as("response %d of one connection, so far: %s", i + 1, response).isNotNegative();
					response.append((char) c);
				}
				assertThat(response).as("response %d", i + 1).containsIgnoringCase("x-cache: HIT");
			}
		}
	}

	@Test
	void aHitAnsweredInPlaceIsCountedAndTimedAsTheRoutesRequestsAre() {
		this.http.get("/a");
		for (int i = 0; i < 3; i++) {
			assertThat(this.http.get("/a").headers().get("X-Cache")).isEqualTo("HIT");
		}
		assertThat(this.registry.get(MicrometerGatewayMetrics.REQUESTS)
			.tags("method", "GET", "path", "/**", "status", "200")
			.functionCounter()
			.count()).isEqualTo(4);
		assertThat(this.registry.get(MicrometerGatewayMetrics.REQUEST_DURATION)
			.tags("method", "GET", "path", "/**", "status", "200")
			.timer()
			.count()).isEqualTo(4);
		assertThat(this.server.limiter().active()).isZero();
	}

	@Test
	void onlyAFreshHitOfABodilessKeptAliveRequestIsAnsweredBeforeReactorNetty() {
		this.http.get("/a");
		EmbeddedChannel channel = shortcutChannel();
		channel.writeInbound(request(HttpMethod.GET, "/a", (headers) -> {
		}), LastHttpContent.EMPTY_LAST_CONTENT);
		assertThat((Object) channel.readInbound()).as("answered here, its last content dropped").isNull();
		FullHttpResponse hit = channel.readOutbound();
		assertThat(hit.status()).isEqualTo(HttpResponseStatus.OK);
		assertThat(hit.headers().get("X-Cache")).isEqualTo("HIT");
		ReferenceCountUtil.release(hit);
		channel.writeInbound(request(HttpMethod.GET, "/a", (headers) -> headers.set("Connection", "Keep-Alive")),
				LastHttpContent.EMPTY_LAST_CONTENT);
		assertThat((Object) channel.readInbound()).as("keep-alive alone, as browsers send it: answered here").isNull();
		ReferenceCountUtil.release(channel.readOutbound());
		List<Consumer<HttpHeaders>> passedOn = List.of((headers) -> headers.set("Connection", "close"),
				(headers) -> headers.add("Connection", "keep-alive").add("Connection", "upgrade"),
				(headers) -> headers.set("Connection", "keep-alive, x-hop"),
				(headers) -> headers.set("Expect", "100-continue"), (headers) -> headers.set("Content-Length", "3"),
				(headers) -> headers.set("Transfer-Encoding", "chunked"), (headers) -> headers.set("Host", "a b"));
		for (Consumer<HttpHeaders> headers : passedOn) {
			assertPassedOn(channel, request(HttpMethod.GET, "/a", headers));
			channel.writeOutbound(response(HttpResponseStatus.OK));
		}
		assertPassedOn(channel, request(HttpMethod.POST, "/a", (headers) -> {
		}));
		channel.writeOutbound(response(HttpResponseStatus.OK));
		assertPassedOn(channel, new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/a"));
		channel.writeOutbound(response(HttpResponseStatus.OK));
		assertPassedOn(channel, request(HttpMethod.GET, "/not-yet-cached", (headers) -> {
		}));
		assertPassedOn(channel, request(HttpMethod.GET, "/a", (headers) -> {
		}));
		channel.writeOutbound(response(HttpResponseStatus.CONTINUE));
		channel.writeOutbound(response(HttpResponseStatus.OK));
		assertPassedOn(channel, request(HttpMethod.GET, "/a", (headers) -> {
		}));
		channel.writeOutbound(response(HttpResponseStatus.OK));
		channel.writeOutbound(response(HttpResponseStatus.OK));
		channel.writeInbound(request(HttpMethod.GET, "/a", (headers) -> {
		}));
		assertThat((Object) channel.readInbound()).as("both responses sent: answered here again").isNull();
		channel.finishAndReleaseAll();
	}

	@Test
	void aHitOfARouteAFilterAppliesToOrWithoutAFreePermitIsLeftToTheFilterChainAndTheLimiter() {
		this.http.get("/a");
		GatewayFilter refuseAll = (exchange, chain) -> Mono.just(HttpResponseMessage.status(401));
		EmbeddedChannel filtered = shortcutChannel(List.of(refuseAll), this.server.options().createLimiter());
		assertPassedOn(filtered, request(HttpMethod.GET, "/a", (headers) -> {
		}));
		filtered.finishAndReleaseAll();
		ConcurrencyLimiter limiter = this.server.options().withCcu(1, 100, Duration.ofSeconds(1)).createLimiter();
		EmbeddedChannel full = shortcutChannel(List.of(), limiter);
		Permit taken = limiter.tryAcquire();
		assertPassedOn(full, request(HttpMethod.GET, "/a", (headers) -> {
		}));
		full.writeOutbound(response(HttpResponseStatus.SERVICE_UNAVAILABLE));
		taken.release();
		full.writeInbound(request(HttpMethod.GET, "/a", (headers) -> {
		}));
		assertThat((Object) full.readInbound()).as("a free permit again: answered here").isNull();
		assertThat(limiter.active()).isZero();
		full.finishAndReleaseAll();
	}

	private EmbeddedChannel shortcutChannel() {
		return shortcutChannel(List.of(), this.server.options().createLimiter());
	}

	private EmbeddedChannel shortcutChannel(List<GatewayFilter> filters, ConcurrencyLimiter limiter) {
		GatewayRequestHandler handler = new GatewayRequestHandler(this.server.options(), RouteRegistry.of(this.router),
				filters, null, limiter, GatewayMetrics.noop(), new ObjectMapper());
		return new EmbeddedChannel(new CacheHitShortcut(handler));
	}

	private static void assertPassedOn(EmbeddedChannel channel, HttpRequest request) {
		channel.writeInbound(request);
		assertThat((Object) channel.readInbound()).as("%s %s %s", request.method(), request.uri(), request.headers())
			.isSameAs(request);
		channel.outboundMessages().forEach(ReferenceCountUtil::release);
		channel.outboundMessages().clear();
	}

	private static HttpRequest request(HttpMethod method, String uri, Consumer<HttpHeaders> headers) {
		HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
		request.headers().set("Host", "localhost");
		headers.accept(request.headers());
		return request;
	}

	private static FullHttpResponse response(HttpResponseStatus status) {
		return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
	}

	private static String get(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
	}

	private static String withoutAge(String response) {
		return response.replaceAll("(?i)age: \\d+\r\n", "");
	}

}
