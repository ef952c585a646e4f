package io.fluxor.gateway.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fluxor.gateway.loadbalance.LoadBalancer;
import io.fluxor.gateway.loadbalance.LoadBalancingStrategy;
import io.fluxor.gateway.loadbalance.Upstream;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.fluxor.metrics.RetryMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResilienceTests {

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final CircuitBreakerOptions breakerOptions = new CircuitBreakerOptions(50, 4, 4, Duration.ofMinutes(1), 1,
			Duration.ofSeconds(5), 100);

	private final Upstream faulty = Upstream.of("http://127.0.0.1:9003");

	private final Upstream healthy = Upstream.of("http://127.0.0.1:9001");

	@Test
	void failingResponsesOpenTheUpstreamsBreakerAndTheBalancerSkipsIt() {
		UpstreamCircuitBreakers breakers = new UpstreamCircuitBreakers(CircuitBreakerRegistry.ofDefaults(),
				this.breakerOptions);
		LoadBalancer balancer = LoadBalancingStrategy.ROUND_ROBIN.create(List.of(this.faulty, this.healthy),
				breakers::isAvailable);
		for (int i = 0; i < 4; i++) {
			assertThat(breakers.tryAcquire(this.faulty)).isTrue();
			breakers.onResponse(this.faulty, TimeUnit.MILLISECONDS.toNanos(5), 500);
		}
		assertThat(breakers.breaker(this.faulty).getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(breakers.breaker(this.faulty).getName()).isEqualTo("http://127.0.0.1:9003");
		assertThat(breakers.isAvailable(this.faulty)).isFalse();
		assertThat(breakers.tryAcquire(this.faulty)).isFalse();
		for (int i = 0; i < 5; i++) {
			assertThat(balancer.choose()).isEqualTo(this.healthy);
		}
		breakers.breaker(this.healthy).transitionToOpenState();
		assertThat(balancer.choose()).as("every breaker open: 503 at once").isNull();
	}

	@Test
	void successfulAndCancelledCallsKeepTheBreakerClosed() {
		UpstreamCircuitBreakers breakers = new UpstreamCircuitBreakers(CircuitBreakerRegistry.ofDefaults(),
				this.breakerOptions);
		for (int i = 0; i < 8; i++) {
			breakers.tryAcquire(this.healthy);
			breakers.onResponse(this.healthy, 1_000, (i % 2 == 0) ? 200 : 404);
		}
		breakers.tryAcquire(this.healthy);
		breakers.onCancel(this.healthy);
		assertThat(breakers.breaker(this.healthy).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breakers.breaker(this.healthy).getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void breakerStatesAreExposedToPrometheusByUpstreamUrl() {
		UpstreamCircuitBreakers breakers = new UpstreamCircuitBreakers(CircuitBreakerRegistry.ofDefaults(),
				this.breakerOptions);
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.registry()).bindTo(registry);
		breakers.breaker(this.faulty).transitionToOpenState();
		assertThat(registry.scrape())
			.contains("resilience4j_circuitbreaker_state{name=\"http://127.0.0.1:9003\",state=\"open\"} 1.0");
	}

	@Test
	void aRouteGoingLiveKeepsABreakerWithItsSettingsAndReplacesOneWithOtherSettings() {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		UpstreamCircuitBreakers first = new UpstreamCircuitBreakers(registry, this.breakerOptions);
		assertThat(registry.getAllCircuitBreakers()).as("building changes nothing").isEmpty();
		first.install(this.faulty).transitionToOpenState();
		UpstreamCircuitBreakers same = new UpstreamCircuitBreakers(registry, new CircuitBreakerOptions(50, 4, 4,
				Duration.ofMinutes(1), 1, Duration.ofSeconds(5), 100));
		assertThat(same.install(this.faulty)).as("same settings: same breaker, still open")
			.isSameAs(first.breaker(this.faulty));
		UpstreamCircuitBreakers other = new UpstreamCircuitBreakers(registry, new CircuitBreakerOptions(50, 8, 8,
				Duration.ofMinutes(1), 1, Duration.ofSeconds(5), 100));
		CircuitBreaker fresh = other.install(this.faulty);
		assertThat(fresh.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(fresh.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(8);
		assertThat(registry.find(this.faulty.id())).containsSame(fresh);
		assertThat(first.breaker(this.faulty).getState()).as("until it follows").isEqualTo(CircuitBreaker.State.OPEN);
		first.follow(this.faulty);
		assertThat(first.breaker(this.faulty)).isSameAs(fresh);
		other.release(this.faulty);
		assertThat(registry.getAllCircuitBreakers()).isEmpty();
		first.onResponse(this.faulty, 1_000, 500);
		assertThat(registry.getAllCircuitBreakers()).as("a released breaker does not come back").isEmpty();
		assertThat(fresh.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void invalidBreakerSettingsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CircuitBreakerOptions(0, 4, 4, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 100))
			.withMessage("failure-rate-threshold must be above 0 and at most 100, was 0.0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CircuitBreakerOptions(50, 4, 4, Duration.ofNanos(10), 1, Duration.ofSeconds(1), 100))
			.withMessage("wait-duration-in-open-state must be at least 1ms, was PT0.00000001S");
	}

	@Test
	void onlyIdempotentMethodsAreRetriedUnlessTheRouteOptsIn() {
		RetryPolicy policy = new RetryPolicy("r", RetryOptions.DEFAULTS);
		assertThat(policy.isRetryable("GET")).isTrue();
		assertThat(policy.isRetryable("PUT")).isTrue();
		assertThat(policy.isRetryable("put")).as("a method is case-sensitive: put is not PUT").isFalse();
		assertThat(policy.isRetryable("POST")).isFalse();
		RetryPolicy optedIn = new RetryPolicy("r", new RetryOptions(3, Duration.ofMillis(10), 2, 0.5,
				Duration.ofSeconds(1), true, Duration.ofMillis(10)));
		assertThat(optedIn.isRetryable("POST")).isTrue();
	}

	@Test
	void fiveHundredsAndConnectionFailuresAreRetriedOtherFailuresAreNot() {
		assertThat(RetryPolicy.isRetryableStatus(503)).isTrue();
		assertThat(RetryPolicy.isRetryableStatus(404)).isFalse();
		assertThat(RetryPolicy.isRetryableFailure(new IllegalStateException(new ConnectException("refused")))).isTrue();
		assertThat(RetryPolicy.isRetryableFailure(new IOException("Connection reset"))).isTrue();
		assertThat(RetryPolicy.isRetryableFailure(new IllegalArgumentException("bad header"))).isFalse();
	}

	@Test
	void backoffGrowsExponentiallyWithinTheJitterAndStopsAtMaxAttempts() {
		RetryPolicy policy = new RetryPolicy("r", new RetryOptions(4, Duration.ofMillis(100), 2, 0.5,
				Duration.ofSeconds(10), false, Duration.ofMillis(10)));
		long first = policy.nextBackoff(1, Long.MAX_VALUE);
		long second = policy.nextBackoff(2, Long.MAX_VALUE);
		long third = policy.nextBackoff(3, Long.MAX_VALUE);
		assertThat(TimeUnit.NANOSECONDS.toMillis(first)).isBetween(50L, 150L);
		assertThat(TimeUnit.NANOSECONDS.toMillis(second)).isBetween(100L, 300L);
		assertThat(TimeUnit.NANOSECONDS.toMillis(third)).isBetween(200L, 600L);
		assertThat(policy.nextBackoff(4, Long.MAX_VALUE)).isEqualTo(RetryPolicy.STOP);
		assertThat(policy.retries()).as("granted, none sent").isZero();
	}

	@Test
	void noAttemptStartsWhenTheRemainingBudgetIsBelowTheMinimum() {
		RetryPolicy policy = new RetryPolicy("r", new RetryOptions(5, Duration.ofMillis(100), 2, 0.0,
				Duration.ofSeconds(10), false, Duration.ofMillis(50)));
		assertThat(policy.nextBackoff(1, TimeUnit.MILLISECONDS.toNanos(149))).isEqualTo(RetryPolicy.STOP);
		assertThat(policy.nextBackoff(1, TimeUnit.MILLISECONDS.toNanos(151))).isEqualTo(
				TimeUnit.MILLISECONDS.toNanos(100));
	}

	@Test
	void theRetryBudgetCapsConcurrentRetriesAtAShareOfLiveRequests() {
		RetryBudget budget = new RetryBudget(20, 2);
		for (int i = 0; i < 20; i++) {
			budget.requestStarted();
		}
		assertThat(budget.tryAcquireRetry()).isTrue();
		assertThat(budget.tryAcquireRetry()).isTrue();
		assertThat(budget.tryAcquireRetry()).isTrue();
		assertThat(budget.tryAcquireRetry()).isTrue();
		assertThat(budget.tryAcquireRetry()).as("20% of 20").isFalse();
		assertThat(budget.denied()).isEqualTo(1);
		budget.releaseRetry();
		assertThat(budget.tryAcquireRetry()).isTrue();
		for (int i = 0; i < 20; i++) {
			budget.requestFinished();
		}
		for (int i = 0; i < 4; i++) {
			budget.releaseRetry();
		}
		assertThat(budget.tryAcquireRetry()).as("min concurrency").isTrue();
		assertThat(budget.tryAcquireRetry()).isTrue();
		assertThat(budget.tryAcquireRetry()).isFalse();
	}

	@Test
	void aRetryRepicksTheHealthyUpstreamAfterAFiveHundredAndIsCounted() {
		TestUpstream failing = fixture.status(500);
		TestUpstream ok = fixture.text("ok");
		Upstream bad = Upstream.of(failing.url());
		Upstream good = Upstream.of(ok.url());
		LoadBalancer balancer = LoadBalancingStrategy.ROUND_ROBIN.create(List.of(bad, good), (u) -> true);
		RetryPolicy policy = new RetryPolicy("faulty", new RetryOptions(3, Duration.ofMillis(1), 2, 0.5,
				Duration.ofMillis(10), false, Duration.ofMillis(1)));
		List<String> seen = new ArrayList<>();
		String body = attempt(HttpClient.create(), balancer, policy, null, 1, seen).block(Duration.ofSeconds(5));
		assertThat(body).isEqualTo("ok");
		assertThat(seen).containsExactly(bad.id(), good.id());
		assertThat(failing.calls()).isEqualTo(1);
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		new RetryMetrics(policy).bindTo(registry);
		assertThat(registry.scrape()).contains("fluxor_retry_attempts_total{route=\"faulty\"} 1.0");
	}

	private static Mono<String> attempt(HttpClient client, LoadBalancer balancer, RetryPolicy policy, Upstream previous,
			int attempt, List<String> seen) {
		Upstream upstream = balancer.choose(previous);
		seen.add(upstream.id());
		return client.get()
			.uri(upstream.url().resolve("/faulty"))
			.responseSingle((response, body) -> body.asString().map((text) -> response.status().code() + " " + text))
			.doFinally((signal) -> balancer.release(upstream))
			.flatMap((result) -> {
				if (!RetryPolicy.isRetryableStatus(Integer.parseInt(result.substring(0, 3)))) {
					return Mono.just(result.substring(4));
				}
				long wait = policy.nextBackoff(attempt, Long.MAX_VALUE);
				return (wait == RetryPolicy.STOP) ? Mono.just(result) : Mono.delay(Duration.ofNanos(wait))
					.doOnNext((tick) -> policy.retrySent())
					.then(attempt(client, balancer, policy, upstream, attempt + 1, seen));
			});
	}

}
