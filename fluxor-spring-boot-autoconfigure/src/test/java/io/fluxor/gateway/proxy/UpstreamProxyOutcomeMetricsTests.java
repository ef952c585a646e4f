package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fluxor.gateway.loadbalance.Upstream;
import io.fluxor.gateway.resilience.CircuitBreakerOptions;
import io.fluxor.metrics.MicrometerUpstreamMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each way an attempt on an upstream ends is counted in
 * {@code fluxor_gateway_upstream_requests_total} under its own {@code outcome} tag, with the route
 * and upstream it was made for, through real requests to real upstreams.
 */
class UpstreamProxyOutcomeMetricsTests {

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	/** Holds the answers of the slow upstream until the test is over. */
	private final Sinks.Empty<Void> held = Sinks.empty();

	@AfterEach
	void releaseHeldAnswers() {
		this.held.tryEmitEmpty();
	}

	@Test
	void eachOutcomeIsCountedUnderItsOwnTagWithTheRouteAndTheUpstream() throws Exception {
		TestUpstream ok = fixture.text("ok");
		TestUpstream missing = fixture.status(404);
		TestUpstream failing = fixture.status(503);
		TestUpstream slow = fixture.upstream((request, response) -> this.held.asMono()
			.then(response.sendString(Mono.just("late")).then()));
		TestUpstream tripped = fixture.text("never reached");
		String closed = UpstreamFixture.closedPortUrl();
		TestGateway gateway = fixture.gateway()
			.metrics(new MicrometerUpstreamMetrics(this.registry))
			.route("ok", "/ok", ProxyOptions.builder(List.of(Upstream.of(ok.url()))).build())
			.route("missing", "/missing", ProxyOptions.builder(List.of(Upstream.of(missing.url()))).build())
			.route("failing", "/failing", ProxyOptions.builder(List.of(Upstream.of(failing.url()))).build())
			.route("idle", "/idle", ProxyOptions.builder(List.of(Upstream.of(slow.url())))
				.timeouts(Duration.ofSeconds(1), Duration.ofMillis(200))
				.build())
			.route("deadline", "/deadline", ProxyOptions.builder(List.of(Upstream.of(slow.url()))).build(), Map.of(),
					Duration.ofMillis(200))
			.route("closed", "/closed", ProxyOptions.builder(List.of(Upstream.of(closed))).build())
			.route("tripped", "/tripped", ProxyOptions.builder(List.of(Upstream.of(tripped.url())))
				.circuitBreaker(new CircuitBreakerOptions(50, 10, 10, Duration.ofSeconds(30), 1, Duration.ofSeconds(5), 100))
				.build())
			.start();
		gateway.proxy(6).circuitBreakers().breaker(Upstream.of(tripped.url())).transitionToOpenState();

		assertThat(gateway.get("/ok").status()).isEqualTo(200);
		assertThat(gateway.get("/missing").status()).isEqualTo(404);
		assertThat(gateway.get("/missing").status()).isEqualTo(404);
		assertThat(gateway.get("/failing").status()).isEqualTo(503);
		assertThat(gateway.get("/idle").status()).as("past the response timeout").isEqualTo(504);
		assertThat(gateway.get("/deadline").status()).as("past the route's timeout").isEqualTo(504);
		assertThat(gateway.get("/closed").status()).isEqualTo(502);
		assertThat(gateway.get("/tripped").status()).isEqualTo(503);

		assertThat(attempts("ok")).containsExactlyEntriesOf(Map.of(ok.url() + " success", 1.0));
		assertThat(attempts("missing")).containsExactlyEntriesOf(Map.of(missing.url() + " client_error", 2.0));
		assertThat(attempts("failing")).containsExactlyEntriesOf(Map.of(failing.url() + " server_error", 1.0));
		assertThat(attempts("idle")).containsExactlyEntriesOf(Map.of(slow.url() + " timeout", 1.0));
		assertThat(attempts("deadline")).containsExactlyEntriesOf(Map.of(slow.url() + " timeout", 1.0));
		assertThat(attempts("closed")).containsExactlyEntriesOf(Map.of(closed + " connect_failure", 1.0));
		assertThat(attempts("tripped")).containsExactlyEntriesOf(Map.of("none rejected", 1.0));
		assertThat(tripped.calls()).isZero();
		assertThat(this.registry.scrape())
			.contains("fluxor_gateway_upstream_requests_total{outcome=\"client_error\",route=\"missing\",upstream=\""
					+ missing.url() + "\"} 2.0")
			.contains("fluxor_gateway_upstream_requests_total{outcome=\"connect_failure\",route=\"closed\",upstream=\""
					+ closed + "\"} 1.0")
			.contains("fluxor_gateway_upstream_requests_total{outcome=\"timeout\",route=\"idle\",upstream=\""
					+ slow.url() + "\"} 1.0");
	}

	/** The route's attempt counters, keyed by {@code "upstream outcome"}. */
	private Map<String, Double> attempts(String route) {
		Map<String, Double> counts = new TreeMap<>();
		for (Counter counter : this.registry.find(MicrometerUpstreamMetrics.REQUESTS).tag("route", route).counters()) {
			counts.put(counter.getId().getTag("upstream") + " " + counter.getId().getTag("outcome"), counter.count());
		}
		return counts;
	}

}
