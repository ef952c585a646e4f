package io.fluxor.autoconfigure.gateway;

import java.util.List;
import java.util.Map;

import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters of routes to upstreams follow the live routes: a route added or replaced at runtime
 * is measured like a route at startup, and a removed route's meters go with it.
 */
class GatewayMetricsAutoConfigurationTests {

	private static final String API = "fluxor.gateway.routes[0].";

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	// a composite, as the actuator builds: a meter removed from it must leave the scrape too
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GatewayMetricsAutoConfiguration.class, GatewayAutoConfiguration.class))
		.withPropertyValues("fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=0")
		.withBean(MeterRegistry.class, () -> new CompositeMeterRegistry(Clock.SYSTEM, List.of(this.prometheus)));

	@Test
	void aRouteReplacedUnderTheSameIdIsMeasuredThroughItsNewCacheAndRetryPolicyOnly() {
		TestUpstream first = fixture.text("first");
		TestUpstream failing = fixture.status(500);
		TestUpstream second = fixture.text("second");
		this.contextRunner
			.withPropertyValues(API + "id=api", API + "path=/api/**", API + "upstreams[0].url=" + first.url(),
					API + "cache.ttl=60s", API + "retry.max-attempts=2")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				for (int i = 0; i < 3; i++) {
					assertThat(client.get("/api/one").body()).isEqualTo("first");
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(cacheRequests(registry, "api", "hit")).isEqualTo(2);
				context.getBean(RouteRegistry.class)
					.update(upstreamRoute(context, "api",
							Map.of("path", "/api/**", "upstreams",
									List.of(Map.of("url", failing.url()), Map.of("url", second.url())), "cache",
									Map.of("ttl", "60s"), "retry", Map.of("max-attempts", "2"))));
				// each request that the balancer sends to the failing upstream is retried on the other
				assertThat(client.get("/api/two").body()).isEqualTo("second");
				assertThat(client.get("/api/three").body()).isEqualTo("second");
				assertThat(client.get("/api/two").header("X-Cache")).isEqualTo("HIT");
				assertThat(failing.calls()).isPositive();
				assertThat(cacheRequests(registry, "api", "miss")).isEqualTo(2);
				assertThat(cacheRequests(registry, "api", "hit")).isEqualTo(1);
				assertThat(registry.get("fluxor.cache.size").tag("route", "api").gauge().value()).isEqualTo(2);
				assertThat(registry.get("fluxor.retry.attempts").tag("route", "api").functionCounter().count())
					.isEqualTo(failing.calls());
				assertThat(routeMeters(registry, "fluxor.cache.requests", "api")).hasSize(2);
				assertThat(routeMeters(registry, "fluxor.cache.size", "api")).hasSize(1);
				assertThat(routeMeters(registry, "fluxor.retry.attempts", "api")).hasSize(1);
			});
	}

	@Test
	void aRouteAddedAtRuntimeIsMeasuredLikeARouteAtStartup() {
		TestUpstream upstream = fixture.text("added");
		this.contextRunner.run((context) -> {
			context.getBean(RouteRegistry.class)
				.update(upstreamRoute(context, "added",
						Map.of("path", "/added/**", "upstreams", List.of(Map.of("url", upstream.url())), "cache",
								Map.of("ttl", "60s"), "retry", Map.of("max-attempts", "2"), "circuit-breaker",
								Map.of("sliding-window-size", "10"))));
			GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
			assertThat(client.get("/added/x").body()).isEqualTo("added");
			assertThat(client.get("/added/x").header("X-Cache")).isEqualTo("HIT");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(cacheRequests(registry, "added", "miss")).isEqualTo(1);
			assertThat(cacheRequests(registry, "added", "hit")).isEqualTo(1);
			assertThat(registry.get("fluxor.retry.attempts").tag("route", "added").functionCounter().count()).isZero();
			assertThat(registry.get("fluxor.gateway.upstream.requests")
				.tags("route", "added", "outcome", "success")
				.counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("resilience4j.circuitbreaker.state")
				.tags("name", upstream.url(), "state", "closed")
				.gauge()
				.value()).isEqualTo(1);
		});
	}

	@Test
	void theMetersOfARemovedRouteAreRemovedAndTheOtherRoutesKeepTheirs() {
		TestUpstream upstream = fixture.text("ok");
		this.contextRunner
			.withPropertyValues(API + "id=api", API + "path=/api/**", API + "upstreams[0].url=" + upstream.url(),
					API + "cache.ttl=60s", API + "retry.max-attempts=2", "fluxor.gateway.routes[1].id=kept",
					"fluxor.gateway.routes[1].path=/kept/**", "fluxor.gateway.routes[1].upstreams[0].url=" + upstream.url(),
					"fluxor.gateway.routes[1].cache.ttl=60s")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				assertThat(client.get("/api/x").status()).isEqualTo(200);
				assertThat(client.get("/kept/x").status()).isEqualTo(200);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(routeMeters(registry, "fluxor.cache.requests", "api")).hasSize(2);
				assertThat(routeMeters(registry, "fluxor.gateway.upstream.requests", "api")).hasSize(1);
				assertThat(context.getBean(RouteRegistry.class).remove("api")).isPresent();
				for (String name : List.of("fluxor.cache.requests", "fluxor.cache.size", "fluxor.retry.attempts",
						"fluxor.gateway.upstream.requests", "fluxor.gateway.upstream.duration")) {
					assertThat(routeMeters(registry, name, "api")).as(name).isEmpty();
				}
				assertThat(this.prometheus.scrape()).doesNotContain("route=\"api\"").contains("route=\"kept\"");
				assertThat(cacheRequests(registry, "kept", "miss")).isEqualTo(1);
				assertThat(routeMeters(registry, "fluxor.gateway.upstream.requests", "kept")).hasSize(1);
				assertThat(client.get("/kept/x").header("X-Cache")).isEqualTo("HIT");
				assertThat(cacheRequests(registry, "kept", "hit")).isEqualTo(1);
			});
	}

	@Test
	void aRouteThatStopsGoingToUpstreamsLosesItsUpstreamMeters() {
		TestUpstream upstream = fixture.text("ok");
		this.contextRunner
			.withPropertyValues(API + "id=api", API + "path=/api/**", API + "upstreams[0].url=" + upstream.url(),
					API + "cache.ttl=60s")
			.withBean("hello", GatewayHandler.class, () -> (request) -> Mono.just(HttpResponseMessage.ok("hello")))
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				assertThat(client.get("/api/x").status()).isEqualTo(200);
				context.getBean(RouteRegistry.class)
					.update(context.getBean(ConfiguredRoutes.class).route("api",
							Map.of("path", "/api/**", "handler", "hello")));
				assertThat(client.get("/api/x").body()).isEqualTo("hello");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(routeMeters(registry, "fluxor.cache.requests", "api")).isEmpty();
				assertThat(routeMeters(registry, "fluxor.gateway.upstream.requests", "api")).isEmpty();
			});
	}

	private static Route upstreamRoute(AssertableApplicationContext context, String id, Map<String, ?> definition) {
		return context.getBean(ConfiguredRoutes.class).route(id, definition);
	}

	private static double cacheRequests(MeterRegistry registry, String route, String result) {
		return registry.get("fluxor.cache.requests").tags("route", route, "result", result).functionCounter().count();
	}

	private static List<?> routeMeters(MeterRegistry registry, String name, String route) {
		return List.copyOf(Search.in(registry).name(name).tag("route", route).meters());
	}

}
