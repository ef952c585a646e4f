package io.fluxor.autoconfigure.gateway;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.autoconfigure.gateway.GatewayTestClient.Response;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.fluxor.gateway.route.RouteRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Routes to upstreams posted to the actuator over HTTP carry everything a YAML route can: retries,
 * a cache, circuit breakers, path rewriting, header predicates, balancing, timeouts and compression,
 * with {@code fluxor.gateway.defaults.*}, measured like routes at startup; wrong values are refused
 * naming the property; the breakers of upstreams that no route lists any more leave the registry;
 * and reading a route shows its live cache, breaker and rate-limit state. Against a real gateway and real loopback upstreams.
 */
class GatewayRuntimeUpstreamRoutesTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final ReactiveWebApplicationContextRunner contextRunner = ActuatorTestClient.runner();

	@Test
	void aPostedRouteRetriesOnTheHealthyUpstreamWithTheDefaultRetrySettingsAndCountsTheRetry() {
		TestUpstream faulty = fixture.status(500);
		TestUpstream healthy = fixture.text("ok");
		this.contextRunner
			.withPropertyValues("fluxor.gateway.defaults.retry.max-attempts=2",
					"fluxor.gateway.defaults.retry.base-backoff=1ms")
			.run((context) -> {
				Response posted = postOk(context, "faulty",
						Map.of("path", "/faulty", "upstreams", upstreams(faulty, healthy)));
				assertThat(posted.body()).as("retries on by the defaults").contains("\"maxAttempts\":2");
				GatewayTestClient client = client(context);
				// round robin: one of the first two requests starts on the faulty upstream
				for (int i = 0; i < 2 && faulty.calls() == 0; i++) {
					Response response = client.get("/faulty");
					assertThat(response.status()).isEqualTo(200);
					assertThat(response.body()).isEqualTo("ok");
				}
				assertThat(faulty.calls()).isEqualTo(1);
				assertThat(scrape(context)).contains("fluxor_retry_attempts_total{route=\"faulty\"} 1.0");
			});
	}

	@Test
	void aPostedRouteWithACacheAnswersTheSecondGetFromTheCache() {
		TestUpstream upstream = fixture.text("cached");
		this.contextRunner.run((context) -> {
			postOk(context, "cached",
					Map.of("path", "/cached/**", "upstreams", upstreams(upstream), "cache", "{\"ttl\": \"1m\"}"));
			GatewayTestClient client = client(context);
			Response first = client.get("/cached/a");
			assertThat(first.body()).isEqualTo("cached");
			assertThat(first.header("X-Cache")).isEqualTo("MISS");
			Response second = client.get("/cached/a");
			assertThat(second.body()).isEqualTo("cached");
			assertThat(second.header("X-Cache")).isEqualTo("HIT");
			assertThat(upstream.calls()).isEqualTo(1);
			assertThat(scrape(context)).contains("fluxor_cache_requests_total{result=\"hit\",route=\"cached\"} 1.0");
		});
	}

	@Test
	void aPostedRouteWithACircuitBreakerAnswers503AtOnceAfterItsUpstreamKeptFailing() {
		TestUpstream failing = fixture.status(500);
		this.contextRunner.run((context) -> {
			Response posted = postOk(context, "guarded", guarded("/guarded", failing, 2));
			assertThat(posted.body()).contains("\"circuitBreaker\":\"closed\"");
			GatewayTestClient client = client(context);
			assertThat(client.get("/guarded").status()).isEqualTo(500);
			assertThat(client.get("/guarded").status()).isEqualTo(500);
			assertThat(client.get("/guarded").status()).isEqualTo(503);
			assertThat(failing.calls()).as("an open breaker sends nothing upstream").isEqualTo(2);
			assertThat(scrape(context))
				.contains("resilience4j_circuitbreaker_state{name=\"" + failing.url() + "\",state=\"open\"} 1.0");
		});
	}

	@Test
	void aPostedRouteStripsOrRewritesThePathItForwards() {
		TestUpstream echo = fixture.upstream((request, response) -> response.sendString(Mono.just(request.uri())));
		this.contextRunner.run((context) -> {
			postOk(context, "stripped", Map.of("path", "/api/**", "upstreams", upstreams(echo), "stripPrefix", "1"));
			Response rewritten = postOk(context, "rewritten", Map.of("path", "/v1/**", "upstreams", upstreams(echo),
					"rewritePath", "{\"regex\": \"/v1/(?<rest>.*)\", \"replacement\": \"/v2/${rest}\"}"));
			assertThat(rewritten.body()).contains("\"rewritePath\":{");
			GatewayTestClient client = client(context);
			assertThat(client.get("/api/users/7?x=1").body()).isEqualTo("/users/7?x=1");
			assertThat(client.get("/v1/items/7").body()).isEqualTo("/v2/items/7");
		});
	}

	@Test
	void aPostedRouteWithHeaderPredicatesServesOnlyTheRequestsThatCarryThem() {
		TestUpstream plain = fixture.text("plain");
		TestUpstream acme = fixture.text("acme");
		this.contextRunner.run((context) -> {
			postOk(context, "shop", Map.of("path", "/shop/**", "upstreams", upstreams(plain)));
			Response tenant = postOk(context, "acme", Map.of("path", "/shop/**", "upstreams", upstreams(acme),
					"headers", "{\"X-Tenant\": \"acme\", \"X.Trace\": \"*\"}"));
			assertThat(tenant.body()).contains("\"headers\":{\"x-tenant\":\"acme\",\"x.trace\":\"*\"}");
			GatewayTestClient client = client(context);
			assertThat(client.get("/shop/a").body()).isEqualTo("plain");
			assertThat(client.get("/shop/a", Map.of("X-Tenant", "acme")).body()).as("X.Trace missing")
				.isEqualTo("plain");
			assertThat(client.get("/shop/a", Map.of("X-Tenant", "other", "X.Trace", "1")).body()).isEqualTo("plain");
			assertThat(client.get("/shop/a", Map.of("X-Tenant", "acme", "X.Trace", "1")).body()).isEqualTo("acme");
		});
	}

	@Test
	void aPostedRouteTakesItsBalancingTimeoutsAndCompression() {
		String large = "fluxor ".repeat(1000);
		TestUpstream text = fixture.text(large);
		Sinks.Empty<Void> answer = Sinks.empty();
		TestUpstream silent = fixture
			.upstream((request, response) -> answer.asMono().then(response.sendString(Mono.just("late")).then()));
		this.contextRunner.run((context) -> {
			Response compressed = postOk(context, "large", Map.of("path", "/large", "upstreams", upstreams(text),
					"loadBalancing", "least-connections", "connectTimeout", "1s", "compression",
					"{\"level\": 9, \"min-size\": \"1KB\"}"));
			assertThat(compressed.body()).contains("\"loadBalancing\":\"least-connections\"")
				.contains("\"connectTimeout\":\"PT1S\"");
			Response silence = postOk(context, "silent",
					Map.of("path", "/silent", "upstreams", upstreams(silent), "responseTimeout", "200ms"));
			assertThat(silence.body()).contains("\"responseTimeout\":\"PT0.2S\"");
			GatewayTestClient client = client(context);
			Response gzipped = client.get("/large", Map.of("Accept-Encoding", "gzip"));
			assertThat(gzipped.status()).isEqualTo(200);
			assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
			assertThat(gzipped.body().length()).isLessThan(large.length() / 10);
			try {
				assertThat(client.get("/silent").status()).as("the response timeout").isEqualTo(504);
			}
			finally {
				answer.tryEmitEmpty();
			}
		});
	}

	@Test
	void wrongValuesAreRefusedWith400NamingThePropertyAndNothingChanges() {
		this.contextRunner.run((context) -> {
			RouteRegistry routes = context.getBean(RouteRegistry.class);
			Object before = routes.router();
			assertRefused(context, Map.of("retry", "{\"max-attempts\": 0}"),
					"retry.max-attempts: must be at least 1, was 0");
			assertRefused(context, Map.of("cache", "{\"ttl\": \"-1s\"}"), "cache.ttl: must be positive, was PT-1S");
			assertRefused(context, Map.of("rewritePath", "{\"regex\": \"/(a\", \"replacement\": \"/b\"}"),
					"rewrite-path.regex: is not a valid regular expression: Unclosed group");
			assertRefused(context, Map.of("stripPrefix", "-1"), "strip-prefix: must not be negative but was -1");
			assertRefused(context, Map.of("circuitBreaker", "{\"sliding-window-size\": 0}"),
					"circuit-breaker.sliding-window-size: must be at least 1, was 0");
			assertRefused(context, Map.of("compression", "{\"level\": 10}"),
					"compression.level: must be between 1 and 9 but was 10");
			assertRefused(context, Map.of("responseTimeout", "0s"), "response-timeout: must be positive but was PT0S");
			assertRefused(context, Map.of("loadBalancing", "random"), "load-balancing: ");
			assertRefused(context, Map.of("headers", "{\"X Tenant\": \"acme\"}"),
					"headers: 'X Tenant' is not a valid HTTP header name");
			assertRefused(context, Map.of("headers", "{\"X]Tenant\": \"acme\"}"),
					"headers: a key must not be empty nor hold brackets but was 'X]Tenant'");
			// a key no field takes would leave the route without the section it was meant to have
			assertRefused(context, Map.of("cache", "{\"tll\": \"60s\"}"), "cache.tll: is no property of a route");
			assertRefused(context, Map.of("cache", "[\"60s\"]"), "cache[0]: is no property of a route");
			assertRefused(context, Map.of("retry", "{\"max-attempts\": 2, \"backof\": \"1s\", \"jiter\": 0.5}"),
					"retry.backof: is no property of a route");
			assertRefused(context, Map.of("upstreams", "[{\"url\": \"http://127.0.0.1:9\", \"wieght\": 2}]"),
					"upstreams[0].wieght: is no property of a route");
			// built with its breakers, then refused for the timeout: the breakers must not be left behind
			assertRefused(context, Map.of("circuitBreaker", "{\"enabled\": true}", "timeout", "0s"),
					"timeout: must be positive but was PT0S");
			assertThat(routes.router()).isSameAs(before);
			assertThat(context.getBean(CircuitBreakerRegistry.class).getAllCircuitBreakers()).isEmpty();
			assertThat(client(context).get("/wrong").status()).isEqualTo(404);
		});
	}

	@Test
	void aBreakerLeavesTheRegistryWithTheLastRouteThatListsItsUpstream() {
		TestUpstream shared = fixture.text("shared");
		TestUpstream other = fixture.text("other");
		this.contextRunner.run((context) -> {
			postOk(context, "first", guarded("/first", shared, 2));
			postOk(context, "second", guarded("/second", shared, 2));
			CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
			assertThat(names(breakers)).containsExactly(shared.url());
			assertThat(management(context).delete("/actuator/fluxor/routes/first").status()).isEqualTo(200);
			assertThat(names(breakers)).as("the second route still lists it").containsExactly(shared.url());
			assertThat(client(context).get("/second").body()).isEqualTo("shared");
			assertThat(scrape(context)).contains("resilience4j_circuitbreaker_state{name=\"" + shared.url());
			Response replaced = postOk(context, "second", guarded("/second", other, 2));
			assertThat(names(breakers)).containsExactly(other.url());
			assertThat(scrape(context)).doesNotContain("name=\"" + shared.url() + "\"")
				.contains("resilience4j_circuitbreaker_state{name=\"" + other.url());
			assertThat(management(context).delete("/actuator/fluxor/routes/second").status()).isEqualTo(200);
			assertThat(names(breakers)).isEmpty();
			assertThat(scrape(context)).doesNotContain("resilience4j_circuitbreaker_state{");
		});
	}

	@Test
	void aRequestStillRunningOnARemovedRouteDoesNotBringItsBreakerBack() {
		Sinks.Empty<Void> answer = Sinks.empty();
		TestUpstream slow = fixture
			.upstream((request, response) -> answer.asMono().then(response.sendString(Mono.just("late")).then()));
		this.contextRunner.run((context) -> {
			postOk(context, "slow", guarded("/slow", slow, 2));
			CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
			GatewayTestClient client = client(context);
			CompletableFuture<Response> running = CompletableFuture.supplyAsync(() -> client.get("/slow"));
			await().until(() -> slow.calls() == 1);
			assertThat(management(context).delete("/actuator/fluxor/routes/slow").status()).isEqualTo(200);
			assertThat(names(breakers)).isEmpty();
			answer.tryEmitEmpty();
			assertThat(running.join().body()).as("it finishes on the route it matched").isEqualTo("late");
			assertThat(names(breakers)).isEmpty();
		});
	}

	@Test
	void aRoutePostedAgainKeepsAnOpenBreakerUnlessItsBreakerSettingsChange() {
		TestUpstream failing = fixture.status(500);
		this.contextRunner.run((context) -> {
			postOk(context, "guarded", guarded("/guarded", failing, 2));
			postOk(context, "shared", guarded("/shared", failing, 2));
			GatewayTestClient client = client(context);
			assertThat(client.get("/guarded").status()).isEqualTo(500);
			assertThat(client.get("/guarded").status()).isEqualTo(500);
			assertThat(client.get("/guarded").status()).isEqualTo(503);
			postOk(context, "guarded", guarded("/guarded/**", failing, 2));
			assertThat(client.get("/guarded/x").status()).as("same settings: the breaker stays open").isEqualTo(503);
			assertThat(failing.calls()).isEqualTo(2);
			Response changed = postOk(context, "guarded", guarded("/guarded/**", failing, 4));
			assertThat(changed.body()).contains("\"circuitBreaker\":\"closed\"");
			assertThat(client.get("/guarded/x").status()).as("new settings: a fresh breaker").isEqualTo(500);
			assertThat(client.get("/shared").status()).as("the other route shares the fresh breaker").isEqualTo(500);
			CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).find(failing.url()).orElseThrow();
			assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(4);
			assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
		});
	}

	@Test
	void theActuatorShowsARoutesCacheBreakerAndRateLimitAsTheyStandNow() throws Exception {
		TestUpstream text = fixture.text("text");
		TestUpstream failing = fixture.status(500);
		this.contextRunner.run((context) -> {
			postOk(context, "cached",
					Map.of("path", "/cached/**", "upstreams", upstreams(text), "cache", "{\"ttl\": \"1m\"}"));
			postOk(context, "guarded", guarded("/guarded", failing, 2));
			postOk(context, "limited", Map.of("path", "/limited", "upstreams", upstreams(text), "rateLimit",
					"{\"route\": {\"capacity\": 5, \"refill-period\": \"1h\"}, \"user\": {\"capacity\": 5, "
							+ "\"refill-period\": \"1h\", \"key-sources\": [\"header:X-User-ID\"]}}"));
			GatewayTestClient client = client(context);
			assertThat(client.get("/cached/a").header("X-Cache")).isEqualTo("MISS");
			assertThat(client.get("/cached/a").header("X-Cache")).isEqualTo("HIT");
			assertThat(client.get("/guarded").status()).isEqualTo(500);
			assertThat(client.get("/guarded").status()).isEqualTo(500);
			assertThat(client.get("/limited", Map.of("X-User-ID", "alice")).status()).isEqualTo(200);
			assertThat(client.get("/limited", Map.of("X-User-ID", "bob")).status()).isEqualTo(200);
			JsonNode cached = route(context, "cached");
			assertThat(cached.at("/target/cache"))
				.isEqualTo(JSON.readTree("{\"size\": 1, \"hits\": 1, \"misses\": 1, \"hitRatio\": 0.5}"));
			JsonNode guarded = route(context, "guarded");
			assertThat(guarded.at("/target/upstreams/0/url").asText()).isEqualTo(failing.url());
			assertThat(guarded.at("/target/upstreams/0/circuitBreaker").asText()).as("two failures of a window of two")
				.isEqualTo("open");
			JsonNode limited = route(context, "limited");
			assertThat(limited.at("/rateLimit/route/availableTokens").isIntegralNumber()).as(limited.toString()).isTrue();
			assertThat(limited.at("/rateLimit/route/availableTokens").asLong()).as("five less the two requests")
				.isEqualTo(3);
			assertThat(limited.at("/rateLimit/user/buckets").isIntegralNumber()).as(limited.toString()).isTrue();
			assertThat(limited.at("/rateLimit/user/buckets").asLong()).as("alice and bob").isEqualTo(2);
		});
	}

	private static JsonNode route(AssertableReactiveWebApplicationContext context, String id)
			throws JsonProcessingException {
		Response response = management(context).get("/actuator/fluxor/routes/" + id);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static void assertRefused(AssertableReactiveWebApplicationContext context, Map<String, String> settings,
			String error) throws JsonProcessingException {
		Map<String, String> body = new HashMap<>(settings);
		body.putIfAbsent("path", "/wrong");
		body.putIfAbsent("upstreams", "[{\"url\": \"http://127.0.0.1:9\"}]");
		Response refused = post(context, "wrong", body);
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(JSON.readTree(refused.body()).get("error").asText()).startsWith("route 'wrong': " + error);
	}

	/**
	 * Returns the body of a route to one upstream whose breaker opens when half of the last calls
	 * of a window failed, and stays open for the test.
	 */
	private static Map<String, String> guarded(String path, TestUpstream upstream, int window) {
		String breaker = "{\"sliding-window-size\": %d, \"minimum-number-of-calls\": %d, "
				+ "\"wait-duration-in-open-state\": \"1h\"}";
		return Map.of("path", path, "upstreams", upstreams(upstream), "circuitBreaker",
				breaker.formatted(window, window));
	}

	private static String upstreams(TestUpstream... upstreams) {
		return Arrays.stream(upstreams)
			.map((upstream) -> "{\"url\": \"" + upstream.url() + "\"}")
			.collect(Collectors.joining(", ", "[", "]"));
	}

	private static List<String> names(CircuitBreakerRegistry registry) {
		return registry.getAllCircuitBreakers().stream().map(CircuitBreaker::getName).toList();
	}

	private static Response post(AssertableReactiveWebApplicationContext context, String id, Map<String, String> body)
			throws JsonProcessingException {
		return management(context).post("/actuator/fluxor/routes/" + id, JSON.writeValueAsString(body));
	}

	private static Response postOk(AssertableReactiveWebApplicationContext context, String id,
			Map<String, String> body) throws JsonProcessingException {
		Response response = post(context, id, body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response;
	}

	private static ActuatorTestClient management(AssertableReactiveWebApplicationContext context) {
		return ActuatorTestClient.of(context);
	}

	private static GatewayTestClient client(AssertableReactiveWebApplicationContext context) {
		return new GatewayTestClient(context.getBean(GatewayServer.class));
	}

	private static String scrape(AssertableReactiveWebApplicationContext context) {
		return context.getBean(PrometheusMeterRegistry.class).scrape();
	}

}
