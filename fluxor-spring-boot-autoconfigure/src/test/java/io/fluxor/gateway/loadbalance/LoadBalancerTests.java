package io.fluxor.gateway.loadbalance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoadBalancerTests {

	private final Upstream a = Upstream.of("http://127.0.0.1:9001", 5);

	private final Upstream b = Upstream.of("http://127.0.0.1:9002");

	private final Upstream c = Upstream.of("http://127.0.0.1:9003");

	private final Set<Upstream> open = ConcurrentHashMap.newKeySet();

	private final Predicate<Upstream> available = (upstream) -> !this.open.contains(upstream);

	@Test
	void roundRobinTakesTheUpstreamsInTurn() {
		LoadBalancer balancer = new RoundRobinLoadBalancer(List.of(this.a, this.b, this.c), this.available);
		assertThat(picks(balancer, 6)).containsExactly(this.a, this.b, this.c, this.a, this.b, this.c);
	}

	@Test
	void roundRobinSkipsAnUpstreamWhoseBreakerIsOpenAndKeepsTheOthersEven() {
		LoadBalancer balancer = new RoundRobinLoadBalancer(List.of(this.a, this.b, this.c), this.available);
		this.open.add(this.a);
		assertThat(picks(balancer, 6)).containsExactly(this.b, this.c, this.b, this.c, this.b, this.c);
	}

	@Test
	void smoothWeightedRoundRobinOfFiveOneOneIsTheNginxSequence() {
		LoadBalancer balancer = new WeightedRoundRobinLoadBalancer(List.of(this.a, this.b, this.c), this.available);
		assertThat(picks(balancer, 14)).containsExactly(this.a, this.a, this.b, this.a, this.c, this.a, this.a, this.a,
				this.a, this.b, this.a, this.c, this.a, this.a);
	}

	@Test
	void weightedRoundRobinReducesWeightsByTheirGreatestCommonDivisor() {
		int[] cycle = WeightedRoundRobinLoadBalancer
			.smoothCycle(List.of(Upstream.of("http://x:1", 200), Upstream.of("http://y:1", 100)));
		assertThat(cycle).containsExactly(0, 1, 0);
	}

	@Test
	void weightedRoundRobinRejectsACycleTooLongToPrecompute() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WeightedRoundRobinLoadBalancer(
					List.of(Upstream.of("http://x:1", 70_001), Upstream.of("http://y:1", 70_000)), this.available))
			.withMessageContaining("must not exceed 65536");
	}

	@Test
	void weightedRoundRobinKeepsTheSharesOfTheAvailableUpstreams() {
		LoadBalancer balancer = new WeightedRoundRobinLoadBalancer(List.of(this.a, this.b, this.c), this.available);
		this.open.add(this.a);
		assertThat(count(picks(balancer, 100))).containsEntry(this.b, 50).containsEntry(this.c, 50);
	}

	@ParameterizedTest
	@EnumSource(LoadBalancingStrategy.class)
	void everyStrategyReturnsNullWhenEveryBreakerIsOpen(LoadBalancingStrategy strategy) {
		LoadBalancer balancer = strategy.create(List.of(this.a, this.b), this.available);
		this.open.addAll(List.of(this.a, this.b));
		assertThat(balancer.choose()).isNull();
		assertThat(balancer.choose(this.a)).isNull();
	}

	@ParameterizedTest
	@EnumSource(LoadBalancingStrategy.class)
	void everyStrategyRepicksAnotherUpstreamForARetry(LoadBalancingStrategy strategy) {
		LoadBalancer balancer = strategy.create(List.of(this.a, this.b, this.c), this.available);
		for (int i = 0; i < 50; i++) {
			Upstream first = balancer.choose();
			Upstream retry = balancer.choose(first);
			assertThat(retry).isNotNull().isNotEqualTo(first);
			balancer.release(first);
			balancer.release(retry);
		}
	}

	@ParameterizedTest
	@EnumSource(LoadBalancingStrategy.class)
	void everyStrategyFallsBackToTheExcludedUpstreamWhenItIsTheOnlyOneAvailable(LoadBalancingStrategy strategy) {
		LoadBalancer balancer = strategy.create(List.of(this.a, this.b), this.available);
		this.open.add(this.b);
		assertThat(balancer.choose(this.a)).isEqualTo(this.a);
	}

	@ParameterizedTest
	@EnumSource(LoadBalancingStrategy.class)
	void everyStrategyNeverReturnsARefusedUpstreamAndStillAvoidsTheExcludedOne(LoadBalancingStrategy strategy) {
		LoadBalancer balancer = strategy.create(List.of(this.a, this.b, this.c), this.available);
		Set<Upstream> refused = Set.of(this.b);
		for (int i = 0; i < 50; i++) {
			Upstream chosen = balancer.choose(this.a, refused::contains);
			assertThat(chosen).isEqualTo(this.c);
			balancer.release(chosen);
		}
		assertThat(balancer.choose(this.a, Set.of(this.b, this.c)::contains)).as("the excluded one, as a last resort")
			.isEqualTo(this.a);
		balancer.release(this.a);
		assertThat(balancer.choose(this.a, Set.of(this.a, this.b, this.c)::contains)).as("every one refused").isNull();
		this.open.add(this.c);
		assertThat(balancer.choose(null, refused::contains)).as("c open, b refused").isEqualTo(this.a);
		balancer.release(this.a);
		for (Upstream upstream : List.of(this.a, this.b, this.c)) {
			assertThat(balancer.inFlight(upstream)).isZero();
		}
	}

	@ParameterizedTest
	@EnumSource(LoadBalancingStrategy.class)
	void everyStrategyHonoursRefusalsOnASingleUpstreamRoute(LoadBalancingStrategy strategy) {
		LoadBalancer balancer = strategy.create(List.of(this.a), this.available);
		assertThat(balancer.choose(this.a, Set.of(this.a)::contains)).isNull();
		assertThat(balancer.choose(this.a, Set.of(this.b)::contains)).isEqualTo(this.a);
		balancer.release(this.a);
	}

	@Test
	void leastConnectionsPrefersTheUpstreamWithFewestRequestsInFlight() {
		LoadBalancer balancer = new LeastConnectionsLoadBalancer(List.of(this.a, this.b, this.c), this.available);
		Upstream first = balancer.choose();
		Upstream second = balancer.choose();
		Upstream third = balancer.choose();
		assertThat(Set.of(first, second, third)).containsExactlyInAnyOrder(this.a, this.b, this.c);
		balancer.release(second);
		assertThat(balancer.choose()).isEqualTo(second);
		assertThat(balancer.inFlight(second)).isEqualTo(1);
	}

	@Test
	void leastConnectionsNeverCountsBelowZero() {
		LoadBalancer balancer = new LeastConnectionsLoadBalancer(List.of(this.a), this.available);
		balancer.release(this.a);
		assertThat(balancer.inFlight(this.a)).isZero();
	}

	@Test
	void releasingAForeignUpstreamFailsNamingIt() {
		LoadBalancer balancer = new LeastConnectionsLoadBalancer(List.of(this.a), this.available);
		assertThatIllegalArgumentException().isThrownBy(() -> balancer.release(this.b))
			.withMessageContaining("http://127.0.0.1:9002");
	}

	@Test
	void powerOfTwoChoicesAvoidsABusyUpstream() {
		LoadBalancer balancer = new PowerOfTwoChoicesLoadBalancer(List.of(this.a, this.b), this.available);
		Upstream busy = balancer.choose();
		for (int i = 0; i < 20; i++) {
			Upstream chosen = balancer.choose();
			assertThat(chosen).isNotEqualTo(busy);
			balancer.release(chosen);
		}
	}

	@ParameterizedTest
	@EnumSource(value = LoadBalancingStrategy.class, names = { "LEAST_CONNECTIONS", "POWER_OF_TWO_CHOICES" })
	void inFlightCountsReturnToZeroAfterConcurrentChoicesAndReleases(LoadBalancingStrategy strategy)
			throws Exception {
		LoadBalancer balancer = strategy.create(List.of(this.a, this.b, this.c), this.available);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		CountDownLatch done = new CountDownLatch(4);
		AtomicInteger nulls = new AtomicInteger();
		for (int t = 0; t < 4; t++) {
			executor.execute(() -> {
				for (int i = 0; i < 10_000; i++) {
					Upstream chosen = balancer.choose();
					if (chosen == null) {
						nulls.incrementAndGet();
						continue;
					}
					balancer.release(chosen);
				}
				done.countDown();
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		executor.shutdown();
		assertThat(nulls).hasValue(0);
		for (Upstream upstream : balancer.upstreams()) {
			assertThat(balancer.inFlight(upstream)).isZero();
		}
	}

	@Test
	void concurrentRoundRobinChoicesStayEven() throws Exception {
		LoadBalancer balancer = new RoundRobinLoadBalancer(List.of(this.a, this.b, this.c), this.available);
		ExecutorService executor = Executors.newFixedThreadPool(3);
		Map<Upstream, AtomicInteger> counts = new ConcurrentHashMap<>();
		CountDownLatch done = new CountDownLatch(3);
		for (int t = 0; t < 3; t++) {
			executor.execute(() -> {
				for (int i = 0; i < 3_000; i++) {
					counts.computeIfAbsent(balancer.choose(), (u) -> new AtomicInteger()).incrementAndGet();
				}
				done.countDown();
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		executor.shutdown();
		assertThat(counts.values()).allSatisfy((count) -> assertThat(count).hasValue(3_000));
	}

	@Test
	void strategiesParseFromTheirConfigurationValues() {
		assertThat(LoadBalancingStrategy.from("weighted-round-robin"))
			.isEqualTo(LoadBalancingStrategy.WEIGHTED_ROUND_ROBIN);
		assertThat(LoadBalancingStrategy.from("POWER_OF_TWO_CHOICES"))
			.isEqualTo(LoadBalancingStrategy.POWER_OF_TWO_CHOICES);
		assertThat(new HashSet<>(List.of(LoadBalancingStrategy.values())).stream().map(LoadBalancingStrategy::value))
			.containsExactlyInAnyOrder("round-robin", "weighted-round-robin", "least-connections",
					"power-of-two-choices");
		assertThatIllegalArgumentException().isThrownBy(() -> LoadBalancingStrategy.from("random"))
			.withMessageContaining("'random'")
			.withMessageContaining("least-connections");
	}

	@Test
	void upstreamsRejectRelativeUrlsAndNonPositiveWeights() {
		assertThatIllegalArgumentException().isThrownBy(() -> Upstream.of("/relative"))
			.withMessageContaining("absolute http or https URL");
		assertThatIllegalArgumentException().isThrownBy(() -> Upstream.of("http://x:1", 0))
			.withMessageContaining("must be positive");
		assertThat(Upstream.of("http://x:1").id()).isEqualTo("http://x:1");
	}

	private static List<Upstream> picks(LoadBalancer balancer, int count) {
		List<Upstream> picks = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			picks.add(balancer.choose());
		}
		return picks;
	}

	private static Map<Upstream, Integer> count(List<Upstream> picks) {
		Map<Upstream, Integer> counts = new HashMap<>();
		picks.forEach((upstream) -> counts.merge(upstream, 1, Integer::sum));
		return counts;
	}

}
