package io.fluxor.gateway.proxy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.fluxor.gateway.HttpRequestMessage;
import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.loadbalance.LoadBalancer;
import io.fluxor.gateway.loadbalance.LoadBalancingStrategy;
import io.fluxor.gateway.loadbalance.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class UpstreamProxyRoutingTests {

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	@Test
	void roundRobinAlternatesBetweenTwoUpstreams() {
		TestUpstream a = fixture.text("a");
		TestUpstream b = fixture.text("b");
		TestGateway gateway = fixture.gateway("/api/**",
				ProxyOptions.builder(List.of(Upstream.of(a.url()), Upstream.of(b.url()))).build());
		StringBuilder bodies = new StringBuilder();
		for (int i = 0; i < 4; i++) {
			TestGateway.Response response = gateway.get("/api/x");
			assertThat(response.status()).isEqualTo(200);
			bodies.append(response.body());
		}
		assertThat(bodies.toString()).isIn("abab", "baba");
	}

	@Test
	void weightedRoundRobinSendsInProportionToTheWeights() {
		TestUpstream a = fixture.text("a");
		TestUpstream b = fixture.text("b");
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(a.url(), 3), Upstream.of(b.url(), 1)))
			.loadBalancing(LoadBalancingStrategy.WEIGHTED_ROUND_ROBIN)
			.build());
		for (int i = 0; i < 8; i++) {
			assertThat(gateway.get("/").status()).isEqualTo(200);
		}
		assertThat(a.calls()).isEqualTo(6);
		assertThat(b.calls()).isEqualTo(2);
	}

	@Test
	void leastConnectionsSendsEveryRequestToTheOtherUpstreamWhileOneHoldsAnAnswerInFlight() throws Exception {
		Sinks.Empty<Void> release = Sinks.empty();
		TestUpstream a = holding("a", release);
		TestUpstream b = holding("b", release);
		try {
			TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(a.url()), Upstream.of(b.url())))
				.loadBalancing(LoadBalancingStrategy.LEAST_CONNECTIONS)
				.build());
			LoadBalancer balancer = gateway.proxy(0).loadBalancer();
			CompletableFuture<String> first = gateway.client()
				.get()
				.uri("/hold")
				.responseSingle((response, body) -> body.asString())
				.toFuture();
			await().atMost(Duration.ofSeconds(5)).until(() -> a.calls() + b.calls() == 1);
			boolean onA = a.calls() == 1;
			TestUpstream busy = onA ? a : b;
			Upstream held = Upstream.of(busy.url());
			Upstream other = Upstream.of((onA ? b : a).url());
			assertThat(balancer.inFlight(held)).as("the held call, in flight").isEqualTo(1);
			for (int i = 0; i < 6; i++) {
				// the previous answer reaches this client as its attempt ends in the gateway: not a tie to break
				await().atMost(Duration.ofSeconds(5)).until(() -> balancer.inFlight(other) == 0);
				TestGateway.Response response = gateway.get("/quick");
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body()).as("request %d while the first is held", i).isEqualTo(onA ? "b" : "a");
			}
			assertThat(busy.calls()).isEqualTo(1);
			assertThat(balancer.inFlight(held)).isEqualTo(1);
			release.tryEmitEmpty();
			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(onA ? "a" : "b");
			await().atMost(Duration.ofSeconds(5)).until(() -> balancer.inFlight(held) == 0);
			// ties again: the upstream that held the first answer is chosen again
			await().atMost(Duration.ofSeconds(5)).until(() -> gateway.get("/quick").body().equals(onA ? "a" : "b"));
		}
		finally {
			release.tryEmitEmpty();
		}
	}

	@Test
	void headerPredicatesPickTheTenantsRouteOverThePlainOne() {
		TestUpstream shared = fixture.text("shared");
		TestUpstream acme = fixture.text("acme");
		TestGateway gateway = fixture.gateway()
			.route("shared", "/api/**", ProxyOptions.builder(List.of(Upstream.of(shared.url()))).build())
			.route("acme", "/api/**", ProxyOptions.builder(List.of(Upstream.of(acme.url()))).build(),
					Map.of("X-Tenant", "acme"), null)
			.route("debug", "/debug", ProxyOptions.builder(List.of(Upstream.of(acme.url()))).build(),
					Map.of("X-Debug", "*"), null)
			.start();
		assertThat(gateway.request(io.netty.handler.codec.http.HttpMethod.GET, "/api/a", null,
				(headers) -> headers.set("X-Tenant", "acme")).body()).isEqualTo("acme");
		assertThat(gateway.request(io.netty.handler.codec.http.HttpMethod.GET, "/api/a", null,
				(headers) -> headers.set("X-Tenant", "other")).body()).isEqualTo("shared");
		assertThat(gateway.get("/api/a").body()).isEqualTo("shared");
		assertThat(gateway.get("/debug").status()).isEqualTo(404);
		assertThat(gateway.request(io.netty.handler.codec.http.HttpMethod.GET, "/debug", null,
				(headers) -> headers.set("X-Debug", "")).body()).isEqualTo("acme");
	}

	@Test
	void stripPrefixAndRewritePathChangeThePathButKeepTheQuery() {
		TestUpstream echo = fixture.upstream((request, response) -> response.sendString(Mono.just(request.uri())));
		TestGateway gateway = fixture.gateway()
			.route("strip", "/api/**", ProxyOptions.builder(List.of(Upstream.of(echo.url()))).stripPrefix(1).build())
			.route("rewrite", "/svc/**", ProxyOptions.builder(List.of(Upstream.of(echo.url() + "/base/")))
				.rewritePath("/svc/(?<rest>.*)", "/v2/${rest}")
				.build())
			.route("all", "/gone/**", ProxyOptions.builder(List.of(Upstream.of(echo.url()))).stripPrefix(3).build())
			.start();
		assertThat(gateway.get("/api/users/7?x=1&y=%20").body()).isEqualTo("/users/7?x=1&y=%20");
		assertThat(gateway.get("/svc/orders?q").body()).isEqualTo("/base/v2/orders?q");
		assertThat(gateway.get("/gone/a").body()).isEqualTo("/");
	}

	@Test
	void theUpstreamGetsThePathTheRouteWasChosenFor() throws Exception {
		TestUpstream echo = fixture.upstream((request, response) -> response.sendString(Mono.just(request.uri())));
		TestGateway gateway = fixture.gateway()
			.route("strip", "/api/**", ProxyOptions.builder(List.of(Upstream.of(echo.url()))).stripPrefix(1).build())
			.start();
		assertThat(exchange(gateway.port(), "GET /api/users/x/../%37?q=%2E. HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 200")
			.endsWith("\r\n\r\n/users/7?q=%2E.");
		assertThat(exchange(gateway.port(), "GET /api/../admin HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
			.startsWith("HTTP/1.1 404");
	}

	@Test
	void headersAFilterChangesReachTheUpstreamOnTopOfTheReceivedOnes() throws Exception {
		TestUpstream upstream = fixture.upstream((request, response) -> response.sendString(Mono.just(seen(request))));
		GatewayFilter identify = (exchange, chain) -> {
			Map<String, String> changes = new HashMap<>();
			changes.put("X-Spoofed", null);
			changes.put("X-User-Id", "alice");
			return chain.next(exchange.withRequest(exchange.request().withHeaders(changes)));
		};
		TestGateway gateway = throughFilter(identify, upstream);
		String raw = exchange(gateway.port(), "GET /h HTTP/1.1\r\nHost: public.example\r\nConnection: close\r\n"
				+ "X-Spoofed: admin\r\nX-User-Id: admin\r\nX-Multi: a\r\nX-Multi: b\r\nKeep-Alive: timeout=5\r\n\r\n");
		String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
		assertThat(body).contains("x-user-id=alice")
			.contains("x-multi=a|b")
			.contains("x-forwarded-host=public.example")
			.contains("host=127.0.0.1:" + upstream.port())
			.doesNotContain("x-spoofed")
			.doesNotContain("admin")
			.doesNotContain("keep-alive=");
	}

	@Test
	void theCookieHeadersOfARequestAFilterBuildsAnewReachTheUpstreamAsOneCookieList() throws Exception {
		TestUpstream upstream = fixture.upstream((request, response) -> response.sendString(Mono.just(seen(request))));
		GatewayFilter rebuild = (exchange, chain) -> {
			HttpRequestMessage request = exchange.request();
			Map<String, String> headers = new HashMap<>(request.headers());
			headers.put("x-user-id", "alice");
			return chain.next(exchange.withRequest(new HttpRequestMessage(request.method(), request.path(),
					request.route(), request.pathParams(), request.queryParams(), headers, request.body())));
		};
		TestGateway gateway = throughFilter(rebuild, upstream);
		String raw = exchange(gateway.port(), "GET /h HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Cookie: theme=dark\r\nCookie: session=s1\r\n\r\n");
		String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
		assertThat(body).contains("cookie=theme=dark; session=s1").contains("x-user-id=alice");
	}

	@Test
	void aMalformedQueryOnAFilteredRouteIsA400AndGivesItsPermitBack() throws Exception {
		TestUpstream upstream = fixture.upstream((request, response) -> response.sendString(Mono.just("up")));
		GatewayFilter passThrough = (exchange, chain) -> chain.next(exchange);
		TestGateway gateway = fixture.gateway()
			.options(TestGateway.OPTIONS.withCcu(2, 50, Duration.ofSeconds(1)))
			.filters(passThrough)
			.route("r", "/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url()))).build())
			.start();
		String raw = exchange(gateway.port(), "GET /q?x=%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(raw).startsWith("HTTP/1.1 400");
		// one permit, which a request may wait for: a leaked one would turn this request into a 503
		assertThat(gateway.get("/q?x=ok").status()).isEqualTo(200);
	}

	@Test
	void aClientCannotDropAHeaderAFilterSetsByNamingItInConnection() throws Exception {
		TestUpstream upstream = fixture.upstream((request, response) -> response.sendString(Mono.just(seen(request))));
		// stands for the JWT filter forwarding the verified subject
		GatewayFilter identify = (exchange, chain) -> chain
			.next(exchange.withRequest(exchange.request().withHeaders(Map.of("X-User-Id", "alice"))));
		TestGateway gateway = throughFilter(identify, upstream);
		String raw = exchange(gateway.port(), "GET /h HTTP/1.1\r\nHost: localhost\r\n"
				+ "Connection: close, X-User-Id, X-Hop\r\nX-Hop: 1\r\nX-User-Id: mallory\r\n\r\n");
		String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
		assertThat(body).contains("x-user-id=alice").doesNotContain("mallory").doesNotContain("x-hop");
	}

	@Test
	void hopByHopHeadersAreDroppedBothWaysAndForwardedHeadersAreAdded() throws Exception {
		TestUpstream upstream = fixture.upstream((request, response) -> {
			String seen = seen(request);
			return response.header("Keep-Alive", "timeout=5")
				.header("Proxy-Authenticate", "Basic")
				.header("Connection", "X-Resp-Hop")
				.header("X-Resp-Hop", "1")
				.header("Trailer", "X-Checksum")
				.header("X-Kept", "yes")
				.sendString(Mono.just(seen));
		});
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url()))).build());
		String raw = exchange(gateway.port(), "GET /h HTTP/1.1\r\nHost: public.example:8443\r\n"
				+ "Connection: close, X-Req-Hop\r\nX-Req-Hop: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
				+ "Proxy-Authorization: Basic eA==\r\nProxy-Connection: keep-alive\r\nUpgrade: h2c\r\n"
				+ "X-Forwarded-For: 10.0.0.1, 10.0.0.2\r\nX-Custom: kept\r\n\r\n");
		String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase();
		String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
		assertThat(body).contains("x-custom=kept")
			.contains("x-forwarded-for=10.0.0.1, 10.0.0.2, 127.0.0.1")
			.contains("x-forwarded-proto=http")
			.contains("x-forwarded-host=public.example:8443")
			.contains("x-forwarded-port=" + gateway.port())
			.contains("host=127.0.0.1:" + upstream.port())
			.doesNotContain("x-req-hop")
			.doesNotContain("keep-alive=")
			.doesNotContain("te=")
			.doesNotContain("proxy-authorization")
			.doesNotContain("proxy-connection")
			.doesNotContain("upgrade");
		assertThat(head).startsWith("http/1.1 200")
			.contains("x-kept: yes")
			.doesNotContain("x-resp-hop")
			.doesNotContain("keep-alive:")
			.doesNotContain("proxy-authenticate")
			.doesNotContain("trailer");
	}

	@Test
	void theHostOfAnAbsoluteTargetIsForwardedInPlaceOfTheHostHeader() throws Exception {
		TestUpstream upstream = fixture.upstream((request, response) -> response
			.sendString(Mono.just(request.uri() + " " + seen(request))));
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url()))).build());
		String raw = exchange(gateway.port(), "GET http://public.example:9443/h?q=1 HTTP/1.1\r\n"
				+ "Host: other.example\r\nConnection: close\r\n\r\n");
		assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4)).startsWith("/h?q=1 ")
			.contains("x-forwarded-host=public.example:9443")
			.doesNotContain("other.example");
	}

	@Test
	void aClosedPortIsA502AndASlowUpstreamA504() throws Exception {
		String closed = UpstreamFixture.closedPortUrl();
		TestUpstream slow = fixture.delayed(Duration.ofSeconds(3), 200);
		TestGateway gateway = fixture.gateway()
			.route("closed", "/closed", ProxyOptions.builder(List.of(Upstream.of(closed))).build())
			.route("slow", "/slow", ProxyOptions.builder(List.of(Upstream.of(slow.url()))).build(), Map.of(),
					Duration.ofMillis(200))
			.route("idle", "/idle", ProxyOptions.builder(List.of(Upstream.of(slow.url())))
				.timeouts(Duration.ofSeconds(1), Duration.ofMillis(200))
				.build())
			.start();
		assertThat(gateway.get("/closed").status()).isEqualTo(502);
		long start = System.nanoTime();
		assertThat(gateway.get("/slow").status()).isEqualTo(504);
		assertThat(gateway.get("/idle").status()).isEqualTo(504);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void anUpstreamThatDoesNotAcceptTheConnectionInTimeIsA504() throws Exception {
		List<Socket> queued = new ArrayList<>();
		// a listener that never accepts: once its queue is full, the kernel leaves further SYNs unanswered
		try (ServerSocket unresponsive = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
					unresponsive.getLocalPort());
			boolean full = false;
			while (!full && queued.size() < 64) {
				Socket socket = new Socket();
				queued.add(socket);
				try {
					socket.connect(address, 200);
				}
				catch (SocketTimeoutException ex) {
					full = true;
				}
			}
			assumeTrue(full, "the kernel queued every connection");
			TestGateway gateway = fixture.gateway()
				.route("unresponsive", "/unresponsive",
						ProxyOptions.builder(List.of(Upstream.of("http://127.0.0.1:" + unresponsive.getLocalPort())))
							.timeouts(Duration.ofMillis(300), Duration.ofSeconds(5))
							.build())
				.start();
			long start = System.nanoTime();
			assertThat(gateway.get("/unresponsive").status()).isEqualTo(504);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		}
		finally {
			for (Socket socket : queued) {
				socket.close();
			}
		}
	}

	/** An upstream that answers its name, at once or, under {@code /hold}, once the sink is released. */
	private static TestUpstream holding(String name, Sinks.Empty<Void> release) {
		return fixture.upstream((request, response) -> request.uri().startsWith("/hold")
				? release.asMono().then(response.sendString(Mono.just(name)).then())
				: response.sendString(Mono.just(name)));
	}

	/** A gateway that proxies every path to the upstream behind one filter. */
	private static TestGateway throughFilter(GatewayFilter filter, TestUpstream upstream) {
		return fixture.gateway()
			.filters(filter)
			.route("r", "/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url()))).build())
			.start();
	}

	static String exchange(int port, String request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	/** The headers an upstream received, lower-case names, repeated ones joined with {@code |}. */
	private static String seen(HttpServerRequest request) {
		Map<String, String> seen = new TreeMap<>();
		request.requestHeaders().forEach((header) -> seen.merge(header.getKey().toLowerCase(), header.getValue(),
				(x, y) -> x + "|" + y));
		return seen.toString();
	}

}
