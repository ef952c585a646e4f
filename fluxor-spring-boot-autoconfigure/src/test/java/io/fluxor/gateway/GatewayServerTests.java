package io.fluxor.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.filter.GatewayFilterChain;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.fluxor.metrics.MicrometerGatewayMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufFlux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GatewayServerTests {

	private static final GatewayOptions OPTIONS = GatewayOptions.defaults()
		.withAddress("127.0.0.1", 0)
		.withLimits(1024, 1024)
		.withRequestTimeout(Duration.ofSeconds(5));

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final List<String> filterCalls = new CopyOnWriteArrayList<>();

	private GatewayServer server;

	private TestHttp http;

	private void start(GatewayOptions options, List<GatewayFilter> filters, Route... routes) {
		this.server = GatewayServer.builder(Router.of(routes))
			.options(options)
			.filters(filters)
			.metrics(new MicrometerGatewayMetrics(this.registry))
			.build()
			.start();
		this.http = new TestHttp(this.server.port());
	}

	private void start(Route... routes) {
		start(OPTIONS, List.of(), routes);
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(2));
		}
	}

	private static Route handler(String id, String path, GatewayHandler handler) {
		return Route.of(id, path, RouteTarget.handler(id, handler));
	}

	@Test
	void aHandlerRouteSeesMethodPathParamsQueryHeadersAndBody() {
		start(handler("echo", "/users/{id}", (request) -> Mono.just(HttpResponseMessage.ok(request.method() + " "
				+ request.route() + " " + request.pathParam("id") + " " + request.queryParam("q") + " "
				+ request.header("X-Test") + " " + request.bodyAsString()))).withMethods("POST"));
		TestHttp.Response response = this.http.request(HttpMethod.POST, "/users/42?q=a%20b", "hello")
			.block(TestHttp.TIMEOUT);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).startsWith("POST /users/{id} 42 a b ").endsWith(" hello");
		assertThat(response.headers().get("content-type")).isEqualTo(HttpResponseMessage.TEXT_PLAIN);
	}

	@Test
	void aGetRouteAnswersHeadWithTheHeadersOfItsGetAndNoBody() throws IOException {
		start(handler("a", "/a", (request) -> Mono.just(HttpResponseMessage.ok(request.method() + " body")))
			.withMethods("GET"));
		// pipelined on one connection: a body sent after the HEAD answer would show up before the second status line
		String received = TestHttp.rawExchange(this.server.port(),
				"HEAD /a HTTP/1.1\r\nHost: localhost\r\n\r\nGET /a HTTP/1.1\r\nHost: localhost\r\n\r\n", "GET body");
		int second = received.indexOf("HTTP/1.1", 1);
		String head = received.substring(0, second);
		assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: 9").endsWith("\r\n\r\n");
		assertThat(received.substring(second)).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nGET body");
	}

	@Test
	void aPathWithoutRouteIsA404() {
		start(handler("a", "/a", (request) -> Mono.just(HttpResponseMessage.ok("a"))));
		assertThat(this.http.get("/b").status()).isEqualTo(404);
	}

	@Test
	void aWrongMethodIsA405ListingTheAllowedMethods() {
		start(handler("read", "/orders/{id}", (request) -> Mono.just(HttpResponseMessage.ok("r"))).withMethods("GET"),
				handler("write", "/orders/{id}", (request) -> Mono.just(HttpResponseMessage.ok("w")))
					.withMethods("PUT"));
		TestHttp.Response response = this.http.post("/orders/1", "x");
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.headers().get("Allow")).isEqualTo("GET, HEAD, PUT");
	}

	@Test
	void filtersRunInOrderAroundTheTargetAndMayShortCircuit() {
		GatewayFilter second = new GatewayFilter() {
			@Override
			public int order() {
				return 2;
			}

			@Override
			public Mono<HttpResponseMessage> filter(GatewayExchange exchange,
					GatewayFilterChain chain) {
				GatewayServerTests.this.filterCalls.add("second");
				return chain.next(exchange.withRequest(new HttpRequestMessage(exchange.request().method(),
						exchange.request().path(), exchange.request().route(), exchange.request().pathParams(),
						exchange.request().queryParams(), exchange.request().headers(), "changed".getBytes())));
			}
		};
		GatewayFilter first = new GatewayFilter() {
			@Override
			public int order() {
				return 1;
			}

			@Override
			public Mono<HttpResponseMessage> filter(GatewayExchange exchange,
					GatewayFilterChain chain) {
				GatewayServerTests.this.filterCalls.add("first");
				if (exchange.request().header("x-deny") != null) {
					return Mono.just(HttpResponseMessage.text(403, "denied"));
				}
				return chain.next(exchange).map((response) -> response.withHeader("x-filtered", "yes"));
			}
		};
		start(OPTIONS, List.of(second, first),
				handler("echo", "/echo", (request) -> Mono.just(HttpResponseMessage.ok(request.bodyAsString()))));
		TestHttp.Response response = this.http.post("/echo", "original");
		assertThat(response.body()).isEqualTo("changed");
		assertThat(response.headers().get("x-filtered")).isEqualTo("yes");
		assertThat(this.filterCalls).containsExactly("first", "second");
		Integer denied = this.http.client()
			.headers((headers) -> headers.add("x-deny", "1"))
			.get()
			.uri("/echo")
			.responseSingle((res, body) -> Mono.just(res.status().code()))
			.block(TestHttp.TIMEOUT);
		assertThat(denied).isEqualTo(403);
	}

	@Test
	void aFilterRunsOnlyOnTheRoutesItAppliesTo() {
		GatewayFilter onlyAdmin = new GatewayFilter() {
			@Override
			public boolean appliesTo(Route route) {
				return route.id().equals("admin");
			}

			@Override
			public Mono<HttpResponseMessage> filter(GatewayExchange exchange, GatewayFilterChain chain) {
				GatewayServerTests.this.filterCalls.add(exchange.route().id());
				return chain.next(exchange);
			}
		};
		start(OPTIONS, List.of(onlyAdmin), handler("admin", "/admin", (request) -> Mono.just(HttpResponseMessage.ok("a"))),
				handler("public", "/public", (request) -> Mono.just(HttpResponseMessage.ok("p"))));
		assertThat(this.http.get("/public").body()).isEqualTo("p");
		assertThat(this.http.get("/admin").body()).isEqualTo("a");
		assertThat(this.filterCalls).containsExactly("admin");
		// a route replaced at runtime gets its chain from the same question
		this.server.routes().update(handler("admin", "/admin2", (request) -> Mono.just(HttpResponseMessage.ok("a2"))));
		assertThat(this.http.get("/admin2").body()).isEqualTo("a2");
		assertThat(this.filterCalls).containsExactly("admin", "admin");
	}

	@Test
	void aDeclaredBodyOverTheLimitIsA413BeforeAnyWork() {
		start(handler("echo", "/echo", (request) -> Mono.just(HttpResponseMessage.ok("never"))));
		TestHttp.Response response = this.http.post("/echo", "x".repeat(2000));
		assertThat(response.status()).isEqualTo(413);
	}

	@Test
	void aChunkedBodyThatGrowsOverTheLimitIsA413() {
		start(handler("echo", "/echo", (request) -> Mono.just(HttpResponseMessage.ok(request.bodyAsString()))));
		Integer status = this.http.client()
			.post()
			.uri("/echo")
			.send(ByteBufFlux.fromString(Flux.range(0, 20).map((i) -> "y".repeat(100))))
			.responseSingle((res, body) -> Mono.just(res.status().code()))
			.block(TestHttp.TIMEOUT);
		assertThat(status).isEqualTo(413);
		Integer small = this.http.client()
			.post()
			.uri("/echo")
			.send(ByteBufFlux.fromString(Flux.range(0, 5).map((i) -> "y".repeat(100))))
			.responseSingle((res, body) -> Mono.just(res.status().code()))
			.block(TestHttp.TIMEOUT);
		assertThat(small).isEqualTo(200);
	}

	@Test
	void headersOverTheLimitAreA431() throws IOException {
		start(handler("a", "/a", (request) -> Mono.just(HttpResponseMessage.ok("a"))));
		String statusLine = TestHttp.rawStatusLine(this.server.port(),
				"GET /a HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(4000) + "\r\n\r\n");
		assertThat(statusLine).startsWith("HTTP/1.1 431");
	}

	@Test
	void aMalformedRequestIsA400() throws IOException {
		start(handler("a", "/a", (request) -> Mono.just(HttpResponseMessage.ok("a"))));
		String statusLine = TestHttp.rawStatusLine(this.server.port(),
				"GET /a HTTP/1.1\r\nHost: localhost\r\nContent-Length: nope\r\n\r\n");
		assertThat(statusLine).startsWith("HTTP/1.1 400");
	}

	@Test
	void aFragmentInTheRequestTargetIsA400NotAPathThatStepsAroundItsRoute() throws IOException {
		// an upstream that drops the fragment would serve /admin to a request the public route matched
		start(handler("admin", "/admin", (request) -> Mono.just(HttpResponseMessage.ok("admin"))),
				handler("public", "/**", (request) -> Mono.just(HttpResponseMessage.ok("public " + request.path()))));
		for (String target : new String[] { "/admin#x", "/admin?q=1#x", "/#/admin" }) {
			assertThat(TestHttp.rawStatusLine(this.server.port(), "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n"))
				.as(target)
				.startsWith("HTTP/1.1 400");
		}
		assertThat(this.http.get("/admin").body()).isEqualTo("admin");
		assertThat(this.server.limiter().active()).isZero();
	}

	@Test
	void anHttp11RequestNeedsExactlyOneHostThatIsAHost() throws IOException {
		start(handler("any", "/**", (request) -> Mono.just(HttpResponseMessage.ok("served " + request.path()))));
		for (String hosts : new String[] { "", "Host: good.example\r\nHost: evil.example\r\n",
				"Host: good.example/admin\r\n", "Host: good example\r\n" }) {
			assertThat(TestHttp.rawStatusLine(this.server.port(), "GET /a HTTP/1.1\r\n" + hosts + "\r\n"))
				.as(hosts)
				.startsWith("HTTP/1.1 400");
		}
		for (String hosts : new String[] { "Host: good.example:8080\r\n", "Host: [::1]:8080\r\n", "Host: \r\n" }) {
			assertThat(TestHttp.rawStatusLine(this.server.port(), "GET /a HTTP/1.1\r\n" + hosts + "\r\n"))
				.as(hosts)
				.startsWith("HTTP/1.1 200");
		}
		assertThat(TestHttp.rawStatusLine(this.server.port(), "GET /a HTTP/1.0\r\n\r\n")).as("HTTP/1.0 needs none")
			.startsWith("HTTP/1.0 200");
		assertThat(this.server.limiter().active()).isZero();
	}

	@Test
	void anAbsoluteTargetNeedsAnAuthorityThatIsAHostAndIsRoutedByItsPath() throws IOException {
		start(handler("any", "/**", (request) -> Mono.just(HttpResponseMessage.ok("served " + request.path()))));
		for (String target : new String[] { "http://user@good.example/a", "http://user:secret@good.example/a",
				"http:///a", "http://good example/a", "https://?q=1" }) {
			assertThat(TestHttp.rawStatusLine(this.server.port(),
					"GET " + target + " HTTP/1.1\r\nHost: good.example\r\n\r\n"))
				.as(target)
				.startsWith("HTTP/1.1 400");
		}
		assertThat(TestHttp.rawExchange(this.server.port(),
				"GET http://good.example:8080/a/b?q=1 HTTP/1.1\r\nHost: good.example:8080\r\n\r\n", "served /a/b"))
			.startsWith("HTTP/1.1 200");
		assertThat(this.server.limiter().active()).isZero();
	}

	@Test
	void aTransferEncodingNotEndingInOneChunkedIsRefusedAndWhatFollowsItIsNeverServed() throws IOException {
		start(handler("any", "/**", (request) -> Mono.just(HttpResponseMessage.ok("served " + request.path()))));
		String next = "GET /admin HTTP/1.1\r\nHost: localhost\r\n\r\n";
		String[][] cases = { { "xchunked", "400" }, { "chunked, identity", "400" }, { "chunked, chunked", "400" },
				{ "gzip, chunked", "501" } };
		for (String[] refused : cases) {
			String answer = TestHttp.rawUntilClosed(this.server.port(), "POST /a HTTP/1.1\r\nHost: localhost\r\n"
					+ "Transfer-Encoding: " + refused[0] + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + next);
			assertThat(answer).as(refused[0])
				.startsWith("HTTP/1.1 " + refused[1])
				.containsIgnoringCase("connection: close")
				.doesNotContain("served");
		}
		// two header lines, the last not chunked: the codings apply in the order of the lines
		assertThat(TestHttp.rawUntilClosed(this.server.port(), "POST /a HTTP/1.1\r\nHost: localhost\r\n"
				+ "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + next))
			.startsWith("HTTP/1.1 400")
			.doesNotContain("served");
		assertThat(TestHttp.rawExchange(this.server.port(), "POST /a HTTP/1.1\r\nHost: localhost\r\n"
				+ "Transfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + next, "served /admin"))
			.as("chunked, in any case, is served, and so is the next request")
			.startsWith("HTTP/1.1 200")
			.contains("served /a");
		assertThat(this.server.limiter().active()).isZero();
	}

	@Test
	void aPathIsRoutedNormalizedSoThatNoSpellingOfItStepsAroundItsRoute() throws IOException {
		start(handler("admin", "/admin", (request) -> Mono.just(HttpResponseMessage.ok("admin " + request.path()))),
				handler("public", "/public/**", (request) -> Mono.just(HttpResponseMessage.ok("public " + request.path()))));
		for (String spelling : new String[] { "/public/../admin", "/%61dmin", "/public/%2e%2E/admin", "/./admin" }) {
			assertThat(TestHttp.rawExchange(this.server.port(),
					"GET " + spelling + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", "admin /admin"))
				.as(spelling)
				.startsWith("HTTP/1.1 200")
				.endsWith("\r\n\r\nadmin /admin");
		}
		for (String ambiguous : new String[] { "/public%2F..%2Fadmin", "/admin;x", "/admin%3Bx", "/public\\..\\admin" }) {
			assertThat(TestHttp.rawStatusLine(this.server.port(),
					"GET " + ambiguous + " HTTP/1.1\r\nHost: localhost\r\n\r\n"))
				.as(ambiguous)
				.startsWith("HTTP/1.1 400");
		}
		assertThat(this.http.get("/public/report.v2.json").body()).isEqualTo("public /public/report.v2.json");
		assertThat(this.server.limiter().active()).isZero();
	}

	@Test
	void aMalformedQueryStringIsA400AndGivesItsPermitBack() throws IOException {
		start(OPTIONS.withCcu(2, 50, Duration.ofSeconds(1)), List.of(),
				handler("a", "/a", (request) -> Mono.just(HttpResponseMessage.ok("a " + request.queryParam("q")))));
		assertThat(TestHttp.rawStatusLine(this.server.port(), "GET /a?q=%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n"))
			.startsWith("HTTP/1.1 400");
		assertThat(this.http.post("/a?q=%", "body").status()).isEqualTo(400);
		// one permit, which a request may wait for: a leaked one would turn this request into a 503
		assertThat(this.http.get("/a?q=ok").status()).isEqualTo(200);
		assertThat(this.server.limiter().active()).isZero();
	}

	@Test
	void aStopLetsTheRequestsInFlightFinishBeforeItReturns() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		Sinks.One<HttpResponseMessage> answer = Sinks.one();
		List<String> order = new CopyOnWriteArrayList<>();
		start(handler("held", "/held", (request) -> {
			entered.countDown();
			return answer.asMono();
		}));
		CompletableFuture<TestHttp.Response> inFlight = this.http.request(HttpMethod.GET, "/held", null).toFuture();
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		GatewayServer stopping = this.server;
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
			stopping.stop(Duration.ofSeconds(10));
			order.add("stopped");
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> !stopping.isRunning());
		order.add("answered");
		answer.tryEmitValue(HttpResponseMessage.ok("done"));
		assertThat(inFlight.get(5, TimeUnit.SECONDS).body()).isEqualTo("done");
		stopped.get(5, TimeUnit.SECONDS);
		assertThat(order).containsExactly("answered", "stopped");
		this.server = null;
	}

	@Test
	void aStopThatTimesOutClosesTheConnectionsOfTheRequestsStillRunningWithoutFailing() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		start(handler("held", "/held", (request) -> {
			entered.countDown();
			return Mono.<HttpResponseMessage>never();
		}).withTimeout(Duration.ofSeconds(30)));
		CompletableFuture<TestHttp.Response> inFlight = this.http.request(HttpMethod.GET, "/held", null).toFuture();
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		this.server.stop(Duration.ofMillis(200));
		assertThat(this.server.isRunning()).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(inFlight::isDone);
		assertThat(inFlight).isCompletedExceptionally();
		this.server = null;
	}

	@Test
	void aHandlerSlowerThanItsRouteTimeoutIsA504() {
		start(handler("slow", "/slow", (request) -> Mono.never()).withTimeout(Duration.ofMillis(100)));
		assertThat(this.http.get("/slow").status()).isEqualTo(504);
	}

	@Test
	void gatewayExceptionsAnswerWithTheirStatusAndOtherErrorsWithA500() {
		start(handler("teapot", "/teapot", (request) -> Mono.error(new GatewayException(418, "short and stout"))),
				handler("boom", "/boom", (request) -> {
					throw new IllegalStateException("boom");
				}), handler("empty", "/empty", (request) -> Mono.empty()), handler("null", "/null", (request) -> null),
				handler("late", "/late", (request) -> Mono.delay(Duration.ofMillis(1))
					.then(Mono.error(new IllegalStateException("late boom")))));
		TestHttp.Response teapot = this.http.get("/teapot");
		assertThat(teapot.status()).isEqualTo(418);
		assertThat(teapot.body()).isEqualTo("short and stout");
		assertThat(this.http.get("/boom").status()).isEqualTo(500);
		assertThat(this.http.get("/empty").status()).isEqualTo(204);
		assertThat(this.http.get("/null").status()).isEqualTo(500);
		assertThat(this.http.get("/late").status()).isEqualTo(500);
		assertThat(this.http.post("/boom", "body").status()).isEqualTo(500);
	}

	@Test
	void everyWayATargetEndsGivesItsPermitBack() {
		GatewayOptions oneAtATime = OPTIONS.withCcu(1, 100, Duration.ofMillis(200));
		GatewayFilter throwing = (exchange, chain) -> {
			if (exchange.request().path().equals("/filter-boom")) {
				throw new IllegalStateException("filter boom");
			}
			return chain.next(exchange);
		};
		start(oneAtATime, List.of(throwing), handler("ok", "/ok", (request) -> Mono.just(HttpResponseMessage.ok("ok"))),
				handler("boom", "/boom", (request) -> {
					throw new IllegalStateException("boom");
				}), handler("filter-boom", "/filter-boom", (request) -> Mono.just(HttpResponseMessage.ok("never"))),
				handler("later", "/later", (request) -> Mono.delay(Duration.ofMillis(1))
					.thenReturn(HttpResponseMessage.ok("later"))));
		for (String path : List.of("/ok", "/boom", "/filter-boom", "/later", "/ok")) {
			this.http.get(path);
			this.http.post(path, "body");
		}
		// with one permit, a leaked one would turn this request into a 503
		assertThat(this.http.get("/ok").status()).isEqualTo(200);
		assertThat(this.server.limiter().active()).isZero();
	}

	@Test
	void aRouteServingSeveralMethodsCountsEachUnderItsOwnLabel() {
		start(handler("any", "/any", (request) -> Mono.just(HttpResponseMessage.ok(request.method()))));
		this.http.get("/any");
		this.http.post("/any", "x");
		this.http.get("/any");
		this.http.post("/any", "y");
		this.http.get("/any");
		assertThat(this.registry.get(MicrometerGatewayMetrics.REQUESTS)
			.tags("method", "GET", "path", "/any", "status", "200")
			.functionCounter()
			.count()).isEqualTo(3);
		assertThat(this.registry.get(MicrometerGatewayMetrics.REQUESTS)
			.tags("method", "POST", "path", "/any", "status", "200")
			.functionCounter()
			.count()).isEqualTo(2);
	}

	@Test
	void requestsAreCountedAndTimedByRouteTemplateWithOneLabelForUnmatchedPaths() {
		start(handler("user", "/users/{id}", (request) -> Mono.just(HttpResponseMessage.ok("u"))));
		this.http.get("/users/1");
		this.http.get("/users/2");
		this.http.get("/nowhere/1");
		this.http.get("/nowhere/2");
		assertThat(this.registry.get(MicrometerGatewayMetrics.REQUESTS)
			.tags("method", "GET", "path", "/users/{id}", "status", "200")
			.functionCounter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get(MicrometerGatewayMetrics.REQUESTS)
			.tags("method", "GET", "path", GatewayMetrics.UNMATCHED, "status", "404")
			.functionCounter()
			.count()).isEqualTo(2);
		String scrape = this.registry.scrape();
		assertThat(scrape).contains("fluxor_http_requests_total{method=\"GET\",path=\"/users/{id}\",status=\"200\"} 2")
			.contains("fluxor_http_request_duration_seconds_bucket{method=\"GET\",path=\"/users/{id}\",status=\"200\"")
			.contains("fluxor_server_max_ccu " + GatewayOptions.DEFAULT_MAX_CCU)
			.contains("fluxor_server_active_requests 0")
			.contains("fluxor_server_queued_requests 0")
			.contains("fluxor_server_rejected_requests_total{reason=\"over-capacity\"} 0");
	}

}
