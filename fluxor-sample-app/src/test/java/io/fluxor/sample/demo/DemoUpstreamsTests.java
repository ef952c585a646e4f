package io.fluxor.sample.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DemoUpstreamsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ObjectMapper json = new ObjectMapper();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(DemoUpstreamsConfiguration.class)
		.withPropertyValues("fluxor.demo.upstreams.base-port=0");

	private DemoUpstreams upstreams;

	@BeforeEach
	void start() {
		this.upstreams = new DemoUpstreams(0, Duration.ofMillis(300), this.json);
		this.upstreams.start();
	}

	@AfterEach
	void stop() {
		this.upstreams.stop();
	}

	private Answer get(DemoUpstream upstream, String uri) {
		return HttpClient.newConnection()
			.get()
			.uri(this.upstreams.url(upstream) + uri)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> new Answer(response.status().code(), response.responseHeaders().get("content-type"),
						text)))
			.block(TIMEOUT);
	}

	private Map<String, Object> read(String body) throws IOException {
		return this.json.readValue(body, new TypeReference<>() {
		});
	}

	@Test
	void fastUpstreamsAnswerAtOnceWithJsonNamingThemselves() throws IOException {
		Answer fast = get(DemoUpstream.FAST, "/fast");
		assertThat(fast.status()).isEqualTo(200);
		assertThat(fast.contentType()).isEqualTo("application/json");
		assertThat(read(fast.body())).containsEntry("upstream", "fast").containsEntry("ok", true);
		assertThat(read(get(DemoUpstream.FAST_2, "/anything").body())).containsEntry("upstream", "fast-2");
		assertThat(this.upstreams.port(DemoUpstream.FAST)).isNotEqualTo(this.upstreams.port(DemoUpstream.FAST_2));
	}

	@Test
	void theSlowUpstreamAnswersAfterItsDelay() throws IOException {
		long start = System.nanoTime();
		Answer slow = get(DemoUpstream.SLOW, "/slow");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(slow.status()).isEqualTo(200);
		assertThat(read(slow.body())).containsEntry("upstream", "slow").containsEntry("delayMs", 300);
	}

	@Test
	void theFaultyUpstreamFailsEverySecondRequestWithA500() {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(get(DemoUpstream.FAULTY, "/faulty").status());
		}
		assertThat(statuses).containsExactly(200, 500, 200, 500, 200, 500);
	}

	@Test
	void theEchoUpstreamReturnsMethodPathQueryHeadersAndBody() throws IOException {
		String body = HttpClient.newConnection()
			.headers((headers) -> headers.set("X-User-ID", "demo").set("content-type", "application/json"))
			.post()
			.uri(this.upstreams.url(DemoUpstream.ECHO) + "/echo/it?a=1&a=2&b=x")
			.send(ByteBufFlux.fromString(Mono.just("{\"msg\":\"hello\"}")))
			.responseSingle((response, content) -> content.asString())
			.block(TIMEOUT);
		Map<String, Object> echo = read(body);
		assertThat(echo).containsEntry("method", "POST")
			.containsEntry("path", "/echo/it")
			.containsEntry("query", Map.of("a", List.of("1", "2"), "b", List.of("x")))
			.containsEntry("body", "{\"msg\":\"hello\"}");
		assertThat(echo.get("headers")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("x-user-id", "demo")
			.containsEntry("content-type", "application/json");
		Map<String, Object> get = read(get(DemoUpstream.ECHO, "/").body());
		assertThat(get).containsEntry("method", "GET").containsEntry("body", "").containsEntry("query", Map.of());
	}

	@Test
	void stoppedUpstreamsReleaseTheirPorts() throws IOException {
		int port = this.upstreams.port(DemoUpstream.ECHO);
		assertThat(this.upstreams.isRunning()).isTrue();
		this.upstreams.stop();
		assertThat(this.upstreams.isRunning()).isFalse();
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(DemoUpstreams.HOST))) {
			assertThat(socket.getLocalPort()).isEqualTo(port);
		}
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.upstreams.port(DemoUpstream.FAST));
	}

	@Test
	void whenAPortIsTakenThenStartFailsNamingTheUpstreamThePortAndTheFix() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(DemoUpstreams.HOST))) {
			DemoUpstreams conflicting = new DemoUpstreams(taken.getLocalPort(), Duration.ofMillis(1), this.json);
			assertThatExceptionOfType(DemoUpstreamPortConflictException.class).isThrownBy(conflicting::start)
				.withMessageStartingWith("Demo upstream 'fast' cannot listen on 127.0.0.1:" + taken.getLocalPort())
				.withMessageContaining("fluxor.demo.upstreams.base-port")
				.withMessageContaining("fluxor.demo.upstreams.enabled=false");
			assertThat(conflicting.isRunning()).isFalse();
		}
	}

	@Test
	void aBasePortThatLeavesNoRoomForAllUpstreamsIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new DemoUpstreams(65533, Duration.ofMillis(1), this.json))
			.withMessage("fluxor.demo.upstreams.base-port must be between 0 and 65531 but was 65533");
	}

	@Test
	void theContextStartsAndStopsTheUpstreams() {
		DemoUpstreams[] started = new DemoUpstreams[1];
		this.contextRunner.run((context) -> {
			started[0] = context.getBean(DemoUpstreams.class);
			assertThat(started[0].isRunning()).isTrue();
			assertThat(HttpClient.newConnection()
				.get()
				.uri(started[0].url(DemoUpstream.FAST))
				.response()
				.map((response) -> response.status().code())
				.block(TIMEOUT)).isEqualTo(200);
		});
		assertThat(started[0].isRunning()).isFalse();
	}

	@Test
	void whenDisabledThereAreNoUpstreams() {
		this.contextRunner.withPropertyValues("fluxor.demo.upstreams.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DemoUpstreams.class));
	}

	@Test
	void whenAPortIsTakenThenTheContextFailsWithThePortConflict() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(DemoUpstreams.HOST))) {
			this.contextRunner.withPropertyValues("fluxor.demo.upstreams.base-port=" + taken.getLocalPort())
				.run((context) -> {
					assertThat(context).hasFailed();
					Throwable failure = context.getStartupFailure();
					while (failure != null && !(failure instanceof DemoUpstreamPortConflictException)) {
						failure = failure.getCause();
					}
					assertThat(failure).isInstanceOf(DemoUpstreamPortConflictException.class)
						.hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
				});
		}
	}

	@Test
	void aFreeBlockForBasePortZeroNeverTakesAPortTheAppWillBind() throws IOException {
		int gatewayPort;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(DemoUpstreams.HOST))) {
			gatewayPort = probe.getLocalPort();
		}
		int overlapping = gatewayPort - 2;
		int[] candidates = { overlapping, overlapping, 0 };
		int[] next = { 0 };
		// the first two candidates overlap the (still free) gateway port; the third is any free block
		int chosen = DemoUpstreamUrls.freeBlock(Set.of(gatewayPort), () -> {
			int candidate = candidates[Math.min(next[0]++, 2)];
			return (candidate != 0) ? candidate : gatewayPort - 1000 - 10 * next[0];
		});
		assertThat(next[0]).isGreaterThanOrEqualTo(3);
		assertThat(chosen).isNotEqualTo(overlapping);
		assertThat(gatewayPort).isNotIn(IntStream.range(chosen, chosen + DemoUpstream.values().length).boxed().toList());
	}

	@Test
	void thePropertiesDefaultToBasePort9001AndAn800MillisecondSlowDelay() {
		DemoUpstreamsProperties properties = new DemoUpstreamsProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getBasePort()).isEqualTo(9001);
		assertThat(properties.getSlowDelay()).isEqualTo(Duration.ofMillis(800));
	}

	@Test
	void withoutABasePortTheRoutesPointAtTheDefaultPorts() {
		MockEnvironment environment = new MockEnvironment();
		new DemoUpstreamUrls().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("fluxor.demo.upstreams.urls.fast")).isEqualTo("http://127.0.0.1:9001");
		assertThat(environment.getProperty("fluxor.demo.upstreams.urls.slow")).isEqualTo("http://127.0.0.1:9002");
		assertThat(environment.getProperty("fluxor.demo.upstreams.urls.faulty")).isEqualTo("http://127.0.0.1:9003");
		assertThat(environment.getProperty("fluxor.demo.upstreams.urls.echo")).isEqualTo("http://127.0.0.1:9004");
		assertThat(environment.getProperty("fluxor.demo.upstreams.urls.fast-2")).isEqualTo("http://127.0.0.1:9005");
	}

	record Answer(int status, String contentType, String body) {

	}

}
