package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fluxor.gateway.loadbalance.LoadBalancingStrategy;
import io.fluxor.gateway.loadbalance.Upstream;
import io.fluxor.gateway.resilience.CircuitBreakerOptions;
import io.fluxor.gateway.resilience.RetryOptions;
import io.fluxor.metrics.MicrometerUpstreamMetrics;
import io.fluxor.metrics.RetryMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UpstreamProxyResilienceTests {

	private static final RetryOptions RETRY = new RetryOptions(3, Duration.ofMillis(1), 2.0, 0.5,
			Duration.ofMillis(20), false, Duration.ofMillis(10));

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private TestGateway gateway(ProxyOptions options) {
		return fixture.gateway()
			.metrics(new MicrometerUpstreamMetrics(this.registry))
			.route("r", "/**", options)
			.start();
	}

	@Test
	void failuresOpenTheBreakerThenEveryRequestIsA503AtOnceUntilHalfOpenLetsATrialThrough() {
		AtomicBoolean healthy = new AtomicBoolean();
		TestUpstream upstream = fixture.upstream((request, response) -> healthy.get()
				? response.sendString(Mono.just("ok")) : response.status(500).send());
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.circuitBreaker(new CircuitBreakerOptions(50, 4, 4, Duration.ofMillis(300), 1, Duration.ofSeconds(5), 100))
			.build());
		for (int i = 0; i < 4; i++) {
			assertThat(gateway.get("/").status()).isEqualTo(500);
		}
		CircuitBreaker breaker = gateway.proxy(0).circuitBreakers().breaker(Upstream.of(upstream.url()));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		TestGateway.Response rejected = gateway.get("/");
		assertThat(rejected.status()).isEqualTo(503);
		assertThat(upstream.calls()).as("an open breaker sends nothing upstream").isEqualTo(4);
		healthy.set(true);
		await().atMost(Duration.ofSeconds(5)).until(() -> gateway.get("/").status() == 200);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.registry.get("fluxor.gateway.upstream.requests").tags("outcome", "rejected", "upstream", "none")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(this.registry.scrape()).contains("fluxor_gateway_upstream_requests_total{outcome=\"server_error\",route=\"r\",upstream=\""
					+ upstream.url() + "\"} 4.0")
			.contains("fluxor_gateway_upstream_duration_seconds_bucket{route=\"r\",upstream=\"" + upstream.url());
	}

	@Test
	void aRetryPicksTheOtherUpstreamAndTheFailingOneIsCalledOnce() {
		TestUpstream failing = fixture.status(500);
		TestUpstream healthy = fixture.text("ok");
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(failing.url()), Upstream.of(healthy.url())))
			.retry(RETRY, 1024, 100, 10)
			.build());
		TestGateway.Response response = gateway.get("/");
		if (healthy.calls() == 1 && failing.calls() == 0) {
			// round robin started on the healthy one: the next request starts on the failing one
			response = gateway.get("/");
		}
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok");
		assertThat(failing.calls()).isEqualTo(1);
		RetryMetrics metrics = new RetryMetrics(gateway.proxy(0).retryPolicy());
		metrics.bindTo(this.registry);
		assertThat(this.registry.get("fluxor.retry.attempts").tag("route", "r").functionCounter().count()).isEqualTo(1);
	}

	@Test
	void aRetryThatAHalfOpenUpstreamRefusesGoesToAHealthyOneNotBackToTheOneThatFailed() {
		TestUpstream failing = fixture.status(500);
		TestUpstream trial = fixture.text("trial");
		TestUpstream healthy = fixture.text("ok");
		// weights 3, 1, 1 schedule failing, trial, failing, healthy, failing
		TestGateway gateway = gateway(ProxyOptions
			.builder(List.of(Upstream.of(failing.url(), 3), Upstream.of(trial.url()), Upstream.of(healthy.url())))
			.loadBalancing(LoadBalancingStrategy.WEIGHTED_ROUND_ROBIN)
			.circuitBreaker(new CircuitBreakerOptions(50, 10, 10, Duration.ofSeconds(30), 1, Duration.ofSeconds(5), 100))
			.retry(RETRY, 1024, 100, 10)
			.build());
		CircuitBreaker halfOpen = gateway.proxy(0).circuitBreakers().breaker(Upstream.of(trial.url()));
		halfOpen.transitionToOpenState();
		halfOpen.transitionToHalfOpenState();
		assertThat(halfOpen.tryAcquirePermission()).as("its one trial call, taken").isTrue();
		TestGateway.Response response = gateway.get("/");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok");
		assertThat(failing.calls()).as("the retry avoided the upstream it failed on").isEqualTo(1);
		assertThat(trial.calls()).isZero();
	}

	@Test
	void whenTheFailureLeavesNoUpstreamToRetryOnTheClientGetsTheUpstreamsAnswerNotA503() {
		TestUpstream failing = fixture.status(500);
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(failing.url())))
			.circuitBreaker(new CircuitBreakerOptions(50, 2, 2, Duration.ofSeconds(30), 1, Duration.ofSeconds(5), 100))
			.retry(RETRY, 1024, 100, 10)
			.build());
		TestGateway.Response response = gateway.get("/");
		CircuitBreaker breaker = gateway.proxy(0).circuitBreakers().breaker(Upstream.of(failing.url()));
		assertThat(breaker.getState()).as("opened by the second attempt").isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.body()).isEqualTo("status 500");
		assertThat(failing.calls()).isEqualTo(2);
		assertThat(gateway.get("/").status()).as("a request arriving at the open breaker").isEqualTo(503);
	}

	@Test
	void aRetryIsCountedWhenItIsSentNotWhenItIsGranted() {
		// a 500 whose body never ends: the retry granted on its headers waits for the body until the deadline,
		// which leaves a slow first exchange (a loaded machine) time enough for that retry to be granted
		TestUpstream stalling = fixture.upstream((request, response) -> response.status(500)
			.header("Content-Length", "100")
			.sendString(Flux.just("partial").concatWith(Flux.never())));
		TestGateway gateway = fixture.gateway()
			.route("r", "/**", ProxyOptions.builder(List.of(Upstream.of(stalling.url()))).retry(RETRY, 1024, 100, 10).build(),
					Map.of(), Duration.ofSeconds(1))
			.start();
		assertThat(gateway.get("/").status()).isEqualTo(504);
		assertThat(stalling.calls()).isEqualTo(1);
		new RetryMetrics(gateway.proxy(0).retryPolicy()).bindTo(this.registry);
		assertThat(this.registry.get("fluxor.retry.attempts").tag("route", "r").functionCounter().count())
			.as("no retry was sent")
			.isZero();
	}

	@Test
	void aConnectionFailureIsRetriedOnTheOtherUpstream() throws Exception {
		String closed = UpstreamFixture.closedPortUrl();
		TestUpstream healthy = fixture.text("ok");
		TestGateway gateway = gateway(
				ProxyOptions.builder(List.of(Upstream.of(closed), Upstream.of(healthy.url())))
					.retry(RETRY, 1024, 100, 10)
					.build());
		for (int i = 0; i < 4; i++) {
			assertThat(gateway.get("/").status()).isEqualTo(200);
		}
	}

	@Test
	void aPostIsNotRetriedUnlessTheRouteOptsIn() {
		TestUpstream failing = fixture.status(500);
		TestUpstream echo = fixture.upstream((request, response) -> response.send(request.receive().retain()));
		TestGateway gateway = fixture.gateway()
			.route("plain", "/plain", ProxyOptions.builder(List.of(Upstream.of(failing.url()), Upstream.of(echo.url())))
				.retry(RETRY, 1024, 100, 10)
				.build())
			.route("opted", "/opted", ProxyOptions.builder(List.of(Upstream.of(failing.url()), Upstream.of(echo.url())))
				.retry(new RetryOptions(3, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(20), true,
						Duration.ofMillis(10)), 1024, 100, 10)
				.build())
			.start();
		TestGateway.Response plain = gateway.request(HttpMethod.POST, "/plain", "payload", (headers) -> {
		});
		assertThat(plain.status()).isEqualTo(500);
		assertThat(failing.calls()).isEqualTo(1);
		assertThat(echo.calls()).isZero();
		TestGateway.Response opted = gateway.request(HttpMethod.POST, "/opted", "payload", (headers) -> {
		});
		assertThat(opted.status()).isEqualTo(200);
		assertThat(opted.body()).as("the replayed body").isEqualTo("payload");
		assertThat(failing.calls()).isEqualTo(2);
	}

	@Test
	void aBodyOverTheReplayLimitStreamsAndIsNotRetried() {
		TestUpstream failing = fixture.status(500);
		TestUpstream echo = fixture.upstream((request, response) -> response.send(request.receive().retain()));
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(failing.url()), Upstream.of(echo.url())))
			.retry(new RetryOptions(3, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(20), true,
					Duration.ofMillis(10)), 4, 100, 10)
			.build());
		assertThat(gateway.request(HttpMethod.PUT, "/", "longer than four", (headers) -> {
		}).status()).isEqualTo(500);
		assertThat(echo.calls()).isZero();
	}

	@Test
	void aRetryWhoseFailedResponseNeverEndsGivesItsBudgetSlotBack() {
		TestUpstream failing = fixture.upstream((request, response) -> request.uri().contains("stall")
				? response.status(500).header("Content-Length", "100").sendString(Flux.just("partial").concatWith(Flux.never()))
				: response.status(500).sendString(Mono.just("error")));
		TestUpstream healthy = fixture.text("ok");
		// one retry at a time, whatever the traffic
		TestGateway gateway = fixture.gateway()
			.route("r", "/**", ProxyOptions.builder(List.of(Upstream.of(failing.url()), Upstream.of(healthy.url())))
				.retry(RETRY, 1024, 0, 1)
				.build(), Map.of(), Duration.ofMillis(500))
			.start();
		while (failing.calls() == 0) {
			gateway.get("/stall");
		}
		assertThat(failing.calls()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(2)).until(() -> gateway.proxy(0).retryBudget().activeRetries() == 0);
		for (int i = 0; i < 2; i++) {
			assertThat(gateway.get("/fail").status()).as("a retry on the healthy upstream").isEqualTo(200);
		}
	}

	@Test
	void theRetryBudgetCapsRetriesUnderAFailingUpstream() {
		TestUpstream failing = fixture.status(503);
		TestUpstream other = fixture.status(503);
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(failing.url()), Upstream.of(other.url())))
			.retry(RETRY, 1024, 0, 0)
			.build());
		for (int i = 0; i < 5; i++) {
			assertThat(gateway.get("/").status()).isEqualTo(503);
		}
		assertThat(failing.calls() + other.calls()).as("one attempt per request, no retry").isEqualTo(5);
		assertThat(gateway.proxy(0).retryBudget().denied()).isEqualTo(5);
		assertThat(gateway.proxy(0).retryBudget().activeRetries()).isZero();
	}

	@Test
	void retriesStopWhenTheBackoffWouldLeaveLessThanAnAttemptOfTheRoutesTimeout() {
		// attempts of at least 200ms, 20ms apart, each granted only with 450ms of the route's 800ms left
		// after its backoff: a second attempt may run and has time to end, a third never does (at most
		// 800 - 2 x (200 + 20) = 360ms would be left), although five attempts are allowed
		TestUpstream first = fixture.delayed(Duration.ofMillis(200), 500);
		TestUpstream second = fixture.delayed(Duration.ofMillis(200), 500);
		TestGateway gateway = fixture.gateway()
			.route("warm", "/warm", ProxyOptions.builder(List.of(Upstream.of(fixture.text("ok").url()))).build())
			.route("r", "/**", ProxyOptions.builder(List.of(Upstream.of(first.url()), Upstream.of(second.url())))
				.retry(new RetryOptions(5, Duration.ofMillis(20), 1.0, 0.0, Duration.ofMillis(20), false,
						Duration.ofMillis(450)), 1024, 100, 10)
				.build(), Map.of(), Duration.ofMillis(800))
			.start();
		// the first request of a test JVM loads classes on both sides: not on the clock
		assertThat(gateway.get("/warm").status()).isEqualTo(200);
		long start = System.nanoTime();
		TestGateway.Response response = gateway.get("/");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.status()).as("the last attempt's own answer, none cut by the deadline").isEqualTo(500);
		assertThat(response.body()).isEqualTo("slow 500");
		assertThat(first.calls() + second.calls()).as("no attempt started without the time to end").isBetween(1, 2);
		assertThat(elapsed).as("well before five attempts of 200ms and their backoffs")
			.isLessThan(Duration.ofMillis(5 * 200 + 4 * 20));
	}

	@Test
	void theBackoffWaitsBetweenTheFailedAttemptAndItsRetry() {
		Queue<Long> arrivals = new ConcurrentLinkedQueue<>();
		TestUpstream upstream = fixture.upstream((request, response) -> {
			arrivals.add(System.nanoTime());
			return (arrivals.size() == 1) ? response.status(500).sendString(Mono.just("error"))
					: response.sendString(Mono.just("ok"));
		});
		// no jitter: the wait is the base backoff, 200ms
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.retry(new RetryOptions(2, Duration.ofMillis(200), 1.0, 0.0, Duration.ofSeconds(1), false,
					Duration.ofMillis(10)), 1024, 100, 10)
			.build());
		TestGateway.Response response = gateway.get("/");
		assertThat(response.status()).isEqualTo(200);
		assertThat(arrivals).hasSize(2);
		Long[] at = arrivals.toArray(new Long[0]);
		assertThat(TimeUnit.NANOSECONDS.toMillis(at[1] - at[0])).as("ms from the first attempt to the retry")
			.isGreaterThanOrEqualTo(150);
	}

	@Test
	void refusedConnectionsCountAsBreakerFailuresAndOpenIt() throws Exception {
		String closed = UpstreamFixture.closedPortUrl();
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(closed)))
			.circuitBreaker(new CircuitBreakerOptions(50, 2, 2, Duration.ofSeconds(30), 1, Duration.ofSeconds(5), 100))
			.build());
		assertThat(gateway.get("/").status()).isEqualTo(502);
		assertThat(gateway.get("/").status()).isEqualTo(502);
		CircuitBreaker breaker = gateway.proxy(0).circuitBreakers().breaker(Upstream.of(closed));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
		assertThat(gateway.get("/").status()).as("no connection tried: the breaker is open").isEqualTo(503);
	}

	@Test
	void responseTimeoutsCountAsBreakerFailuresAndOpenIt() {
		// answers well after the 200ms response timeout
		TestUpstream silent = fixture.delayed(Duration.ofSeconds(1), 200);
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(silent.url())))
			.timeouts(Duration.ofSeconds(1), Duration.ofMillis(200))
			.circuitBreaker(new CircuitBreakerOptions(50, 2, 2, Duration.ofSeconds(30), 1, Duration.ofSeconds(5), 100))
			.build());
		assertThat(gateway.get("/").status()).isEqualTo(504);
		assertThat(gateway.get("/").status()).isEqualTo(504);
		CircuitBreaker breaker = gateway.proxy(0).circuitBreakers().breaker(Upstream.of(silent.url()));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
		assertThat(gateway.get("/").status()).isEqualTo(503);
		assertThat(silent.calls()).as("an open breaker sends nothing upstream").isEqualTo(2);
	}

	@Test
	void slowSuccessfulCallsOpenTheBreakerAtTheSlowCallRateThreshold() {
		TestUpstream slow = fixture.delayed(Duration.ofMillis(200), 200);
		// slow above 50ms, all calls of the window slow to open
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(slow.url())))
			.circuitBreaker(new CircuitBreakerOptions(100, 2, 2, Duration.ofSeconds(30), 1, Duration.ofMillis(50), 100))
			.build());
		assertThat(gateway.get("/").status()).isEqualTo(200);
		assertThat(gateway.get("/").status()).isEqualTo(200);
		CircuitBreaker breaker = gateway.proxy(0).circuitBreakers().breaker(Upstream.of(slow.url()));
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("slow, not failed").isZero();
		assertThat(breaker.getMetrics().getNumberOfSlowCalls()).isEqualTo(2);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(gateway.get("/").status()).isEqualTo(503);
		assertThat(slow.calls()).isEqualTo(2);
	}

	@Test
	void aFailedTrialInHalfOpenSendsTheBreakerBackToOpen() {
		TestUpstream failing = fixture.status(500);
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(failing.url())))
			.circuitBreaker(new CircuitBreakerOptions(50, 2, 2, Duration.ofMillis(300), 1, Duration.ofSeconds(5), 100))
			.build());
		assertThat(gateway.get("/").status()).isEqualTo(500);
		assertThat(gateway.get("/").status()).isEqualTo(500);
		CircuitBreaker breaker = gateway.proxy(0).circuitBreakers().breaker(Upstream.of(failing.url()));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
		assertThat(gateway.get("/").status()).as("the trial").isEqualTo(500);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(gateway.get("/").status()).isEqualTo(503);
		assertThat(failing.calls()).as("two calls, then the trial").isEqualTo(3);
	}

	@Test
	void aTrialInHalfOpenThatCannotConnectSendsTheBreakerBackToOpen() throws Exception {
		String closed = UpstreamFixture.closedPortUrl();
		TestGateway gateway = gateway(ProxyOptions.builder(List.of(Upstream.of(closed)))
			.circuitBreaker(new CircuitBreakerOptions(50, 2, 2, Duration.ofMillis(300), 1, Duration.ofSeconds(5), 100))
			.build());
		CircuitBreaker breaker = gateway.proxy(0).circuitBreakers().breaker(Upstream.of(closed));
		breaker.transitionToOpenState();
		await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
		assertThat(gateway.get("/").status()).as("the trial").isEqualTo(502);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(gateway.get("/").status()).isEqualTo(503);
	}

}
