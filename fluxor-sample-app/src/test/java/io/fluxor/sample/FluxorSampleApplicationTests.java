package io.fluxor.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.sample.demo.DemoUpstream;
import io.fluxor.sample.demo.DemoUpstreams;
import io.fluxor.sample.demo.DemoUpstreamsProperties;
import io.netty.handler.codec.http.HttpHeaders;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app as a user runs it: the gateway routes, the verticles behind them, and Actuator on
 * its own port.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "fluxor.gateway.port=0", "management.server.port=0", "fluxor.demo.upstreams.base-port=0" })
class FluxorSampleApplicationTests {

	@Autowired
	private GatewayServer gateway;

	@Autowired
	private DemoUpstreams demoUpstreams;

	@Autowired
	private DemoUpstreamsProperties demoUpstreamsProperties;

	@LocalManagementPort
	private int managementPort;

	private final ObjectMapper json = new ObjectMapper();

	private WebTestClient management() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.managementPort).build();
	}

	private int gatewayStatus(String uri) {
		return gatewayClient().get().uri(uri).response().map((response) -> response.status().code())
			.block(Duration.ofSeconds(10));
	}

	private HttpClient gatewayClient() {
		return HttpClient.create().baseUrl("http://127.0.0.1:" + this.gateway.port());
	}

	private Mono<Answer> gatewayAnswer(String uri, String userId) {
		HttpClient client = (userId != null) ? gatewayClient().headers((headers) -> headers.set("X-User-ID", userId))
				: gatewayClient();
		return client.get()
			.uri(uri)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> new Answer(response.status().code(), response.responseHeaders(), text)));
	}

	private Answer getThroughGateway(String uri) {
		return gatewayAnswer(uri, null).block(Duration.ofSeconds(10));
	}

	private Map<String, Object> read(String body) throws IOException {
		return this.json.readValue(body, new TypeReference<>() {
		});
	}

	@Test
	void rootSaysHello() {
		String body = gatewayClient().get().uri("/").responseSingle((response, content) -> {
			assertThat(response.status().code()).isEqualTo(200);
			return content.asString();
		}).block(Duration.ofSeconds(10));
		assertThat(body).isEqualTo("hello");
	}

	@Test
	void echoReturnsTheBodyThroughTheEchoVerticle() {
		String body = gatewayClient().headers((headers) -> headers.set("content-type", "application/json"))
			.post()
			.uri("/api/echo")
			.send(ByteBufFlux.fromString(Mono.just("{\"order\":42}")))
			.responseSingle((response, content) -> {
				assertThat(response.status().code()).isEqualTo(200);
				assertThat(response.responseHeaders().get("content-type")).isEqualTo("application/json");
				return content.asString();
			})
			.block(Duration.ofSeconds(10));
		assertThat(body).isEqualTo("{\"order\":42}");
	}

	@Test
	void statusListsLoopsAndDeployments() {
		String body = gatewayClient().get().uri("/api/status").responseContent().aggregate().asString()
			.block(Duration.ofSeconds(10));
		assertThat(body).contains("\"loops\"").contains("fluxor-loop-0").contains("\"name\":\"echo\"")
			.contains("\"state\":\"RUNNING\"");
	}

	@Test
	void delayRepliesAfterTheRequestedTimeAndRefusesBadInput() {
		long start = System.nanoTime();
		Integer status = gatewayClient().get().uri("/api/delay?ms=100").response()
			.map((response) -> response.status().code()).block(Duration.ofSeconds(10));
		assertThat(status).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		String badAnswer = gatewayClient().get().uri("/api/delay?ms=soon").responseSingle((response, content) -> {
			assertThat(response.status().code()).isEqualTo(400);
			return content.asString();
		}).block(Duration.ofSeconds(10));
		assertThat(badAnswer).startsWith("ms must be a whole number of milliseconds");
	}

	@Test
	void actuatorExposesFluxorMetricsHealthGroupsAndTheFluxorEndpoint() {
		gatewayClient().get().uri("/").response().block(Duration.ofSeconds(10));
		WebTestClient management = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.build();
		management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class)
			.value((scrape) -> assertThat(scrape)
				.contains("fluxor_http_requests_total{application=\"fluxor-sample\"")
				.contains("path=\"/\",status=\"200\"")
				.contains("fluxor_eventloop_queue_length")
				.contains("fluxor_eventbus_messages_total")
				.contains("fluxor_verticle_restarts_total")
				.contains("jvm_memory_used_bytes")
				.contains("jvm_threads_live_threads")
				.contains("process_cpu_usage")
				// the gateway's 16 latency buckets and +Inf, not a percentile histogram on top
				.satisfies((text) -> assertThat(text.lines()
					.filter((line) -> line.startsWith("fluxor_http_request_duration_seconds_bucket{")
							&& line.contains("path=\"/\",status=\"200\""))
					.count()).isEqualTo(17)));
		management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
			.expectBody(String.class).value((health) -> assertThat(health).contains("fluxorVerticles"));
		management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
			.expectBody(String.class).value((health) -> assertThat(health).contains("fluxorEventLoops"));
		management.get().uri("/actuator/fluxor").exchange().expectStatus().isOk()
			.expectBody(String.class).value((fluxor) -> assertThat(fluxor).contains("\"loops\"")
				.contains("\"deployments\"").contains("api.echo"));
	}

	@Test
	void theDemoUpstreamsRunWithTheApp() {
		assertThat(this.demoUpstreams.isRunning()).isTrue();
		String body = HttpClient.create().get().uri(this.demoUpstreams.url(DemoUpstream.FAST_2)).responseContent()
			.aggregate().asString().block(Duration.ofSeconds(10));
		assertThat(body).contains("\"upstream\":\"fast-2\"");
	}

	@Test
	void fastAlternatesBetweenTheTwoFastUpstreamsThroughTheGateway() throws IOException {
		List<Object> upstreams = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			Answer fast = getThroughGateway("/fast");
			assertThat(fast.status()).isEqualTo(200);
			upstreams.add(read(fast.body()).get("upstream"));
		}
		Object first = upstreams.get(0);
		assertThat(first).isIn("fast", "fast-2");
		Object second = "fast".equals(first) ? "fast-2" : "fast";
		assertThat(upstreams).containsExactly(first, second, first, second, first, second);
	}

	@Test
	void slowIsAMissThatWaitsForTheUpstreamAndThenACacheHitThatDoesNot() throws IOException {
		Duration slowDelay = this.demoUpstreamsProperties.getSlowDelay();
		// a query of its own is a cache key of its own, whichever test asked for /slow before
		String uri = "/slow?run=" + UUID.randomUUID();
		long start = System.nanoTime();
		Answer miss = getThroughGateway(uri);
		Duration missTook = Duration.ofNanos(System.nanoTime() - start);
		assertThat(miss.status()).isEqualTo(200);
		assertThat(miss.headers().get("X-Cache")).isEqualTo("MISS");
		assertThat(read(miss.body())).containsEntry("upstream", "slow")
			.containsEntry("delayMs", (int) slowDelay.toMillis());
		assertThat(missTook).isGreaterThanOrEqualTo(slowDelay.multipliedBy(9).dividedBy(10));
		start = System.nanoTime();
		Answer hit = getThroughGateway(uri);
		Duration hitTook = Duration.ofNanos(System.nanoTime() - start);
		assertThat(hit.status()).isEqualTo(200);
		assertThat(hit.headers().get("X-Cache")).isEqualTo("HIT");
		assertThat(hit.body()).isEqualTo(miss.body());
		assertThat(hitTook).isLessThan(slowDelay);
	}

	@Test
	void faultyAnswersThroughRetriesUntilItsCircuitBreakerOpens() {
		double retriesBefore = retryAttempts("faulty");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			statuses.add(getThroughGateway("/faulty").status());
		}
		// The upstream fails every second call, starting with its second (no other test calls it): the
		// first request passes, the next four fail once and pass on their retry. The breaker counts
		// every attempt, and its tenth, the sixth request's first, makes half the window failures: the
		// 50% threshold, so it opens. That request gets the upstream's 500 as is (no upstream is left to
		// retry on), the ones after it a 503 at once while the breaker stays open (10 s).
		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 500, 503, 503);
		assertThat(retryAttempts("faulty") - retriesBefore).isEqualTo(4);
	}

	private double retryAttempts(String route) {
		String scrape = management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		List<String> lines = scrape.lines()
			.filter((line) -> line.startsWith("fluxor_retry_attempts_total{") && line.contains("route=\"" + route + "\""))
			.toList();
		assertThat(lines).hasSize(1);
		String line = lines.get(0);
		return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
	}

	@Test
	void echoRefusesUserDemoAfterABurstWhileAnotherUserIsStillServed() throws IOException {
		// all at once: the user's bucket holds 20 and gets 2 more a second, so a burst of 40 runs it dry
		List<Answer> burst = Flux.range(0, 40)
			.flatMap((i) -> gatewayAnswer("/echo", "demo"), 40)
			.collectList()
			.block(Duration.ofSeconds(30));
		List<Answer> allowed = burst.stream().filter((answer) -> answer.status() == 200).toList();
		List<Answer> refused = burst.stream().filter((answer) -> answer.status() == 429).toList();
		assertThat(allowed.size() + refused.size()).isEqualTo(40);
		assertThat(allowed).hasSizeGreaterThanOrEqualTo(20);
		assertThat(refused).isNotEmpty().allSatisfy((answer) -> {
			assertThat(answer.headers().get("Retry-After")).matches("[1-9][0-9]*");
			assertThat(answer.headers().get("X-RateLimit-Limit")).isEqualTo("20");
		});
		Answer other = gatewayAnswer("/echo", "someone-else").block(Duration.ofSeconds(10));
		assertThat(other.status()).isEqualTo(200);
		assertThat(other.headers().get("X-RateLimit-Limit")).isEqualTo("20");
		assertThat(read(other.body())).containsEntry("upstream", "echo");
		assertThat(read(other.body()).get("headers")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("x-user-id", "someone-else");
	}

	@Test
	void aRouteIsAddedReplacedAndRemovedThroughTheActuatorWhileTheGatewayRuns() {
		WebTestClient management = management();
		management.post().uri("/actuator/fluxor/routes/greeting").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"path\":\"/greeting\",\"methods\":\"GET\",\"handler\":\"helloHandler\",\"timeout\":\"2s\"}")
			.exchange().expectStatus().isOk()
			.expectBody().json("{\"id\":\"greeting\",\"path\":\"/greeting\",\"methods\":[\"GET\",\"HEAD\"],"
					+ "\"target\":{\"type\":\"handler\",\"handler\":\"helloHandler\"},\"timeout\":\"2s\"}");
		assertThat(gatewayStatus("/greeting")).isEqualTo(200);
		management.get().uri("/actuator/fluxor/routes").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$[?(@.id == 'greeting')].path").isEqualTo("/greeting");
		management.post().uri("/actuator/fluxor/routes/greeting").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"path\":\"/greeting\",\"handler\":\"noSuchHandler\"}")
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error")
			.isEqualTo("route 'greeting': handler: no GatewayHandler bean named 'noSuchHandler'");
		management.post().uri("/actuator/fluxor/routes/greeting").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"path\":\"/greeting\",\"methods\":\"POST\",\"address\":\"api.echo\"}")
			.exchange().expectStatus().isOk();
		assertThat(gatewayStatus("/greeting")).isEqualTo(405);
		management.delete().uri("/actuator/fluxor/routes/greeting").exchange().expectStatus().isOk();
		assertThat(gatewayStatus("/greeting")).isEqualTo(404);
		management.delete().uri("/actuator/fluxor/routes/greeting").exchange().expectStatus().isNotFound();
	}

	record Answer(int status, HttpHeaders headers, String body) {

	}

}
