package io.fluxor.autoconfigure.gateway;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.autoconfigure.gateway.GatewayTestClient.Response;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.LoadDuringSwaps;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route to upstreams with a cache, circuit breakers and a rate limit, posted again and again to
 * the actuator while a bounded load runs through it: each post makes the route table listeners
 * install and release breakers and swap the route's meters, and no request fails nor anything is
 * logged on the way. Against a real gateway and real loopback upstreams.
 */
class GatewayRuntimeUpstreamRouteHotSwapTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	@BeforeEach
	void captureTheLog() {
		this.logged.start();
		root().addAppender(this.logged);
	}

	@AfterEach
	void releaseTheLog() {
		root().detachAppender(this.logged);
		this.logged.stop();
	}

	@Test
	void anUpstreamRoutePostedAgainAndAgainUnderConcurrentLoadAnswersEveryRequestFromOneOfItsUpstreams() {
		TestUpstream a = fixture.text("a");
		TestUpstream b = fixture.text("b");
		int swaps = 12;
		// a bound, not a target: the load stops right after the last swap, long before it
		int maxRequests = 50_000;
		ActuatorTestClient.runner().run((context) -> {
			postOk(context, route(a, 10));
			GatewayServer server = context.getBean(GatewayServer.class);
			try (LoadDuringSwaps load = LoadDuringSwaps.start(server.port(), 8, maxRequests,
					// half the requests ask for one path, mostly answered by the cache; the others miss it
					(i) -> (i % 2 == 0) ? "/hot/shared" : "/hot/" + i)) {
				for (int version = 1; version <= swaps; version++) {
					load.awaitMoreAnswers();
					// each post changes the upstream and the breaker settings: a breaker in, one out
					postOk(context, (version % 2 == 0) ? route(a, 10) : route(b, 20));
				}
				List<String> all = load.finish();
				assertThat(all).hasSizeGreaterThanOrEqualTo(swaps * 5).hasSizeLessThan(maxRequests);
				assertThat(load.answers()).as("answers").containsOnlyKeys("200 a", "200 b");
			}
			assertThat(a.calls()).isPositive();
			assertThat(b.calls()).isPositive();
			CircuitBreakerRegistry breakers = context.getBean(CircuitBreakerRegistry.class);
			assertThat(breakers.getAllCircuitBreakers()).extracting(CircuitBreaker::getName).containsExactly(a.url());
			assertThat(breakers.circuitBreaker(a.url()).getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(10);
			assertThat(context.getBean(PrometheusMeterRegistry.class).scrape())
				.contains("resilience4j_circuitbreaker_state{name=\"" + a.url())
				.doesNotContain("name=\"" + b.url() + "\"");
			assertThat(this.logged.list).as("warnings and errors logged")
				.noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
		});
	}

	/**
	 * Returns the body of the route to one upstream, cached, rate limited far above the load, and
	 * with breakers that open only on failures.
	 */
	private static Map<String, String> route(TestUpstream upstream, int window) {
		return Map.of("path", "/hot/**", "upstreams", "[{\"url\": \"" + upstream.url() + "\"}]", "cache",
				"{\"ttl\": \"1m\"}", "circuitBreaker",
				"{\"sliding-window-size\": %d, \"minimum-number-of-calls\": %d}".formatted(window, window),
				"rateLimit", "{\"route\": {\"capacity\": 1000000, \"refill-period\": \"1s\"}}");
	}

	private static void postOk(AssertableReactiveWebApplicationContext context, Map<String, String> body)
			throws Exception {
		Response response = ActuatorTestClient.of(context).post("/actuator/fluxor/routes/hot", JSON.writeValueAsString(body));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
