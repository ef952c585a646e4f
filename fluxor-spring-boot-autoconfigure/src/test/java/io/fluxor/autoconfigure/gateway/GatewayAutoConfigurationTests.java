package io.fluxor.autoconfigure.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration;
import io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration;
import io.fluxor.eventbus.EventBus;
import io.fluxor.gateway.GatewayExchange;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayMetrics;
import io.fluxor.gateway.GatewayOptions;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.HttpRequestMessage;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.backpressure.BackpressureMode;
import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.filter.GatewayFilterChain;
import io.fluxor.gateway.loadbalance.LoadBalancingStrategy;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.fluxor.gateway.proxy.UpstreamProxy;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.fluxor.metrics.MicrometerGatewayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GatewayAutoConfigurationTests {

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GatewayMetricsAutoConfiguration.class, GatewayAutoConfiguration.class))
		.withPropertyValues("fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=0");

	private static String get(GatewayServer server, String uri) {
		return HttpClient.create()
			.get()
			.uri("http://127.0.0.1:" + server.port() + uri)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + text))
			.block(Duration.ofSeconds(10));
	}

	private static String failureMessage(ApplicationContextAssertProvider<?> context) {
		Throwable failure = context.getStartupFailure();
		while (failure.getCause() != null && !(failure instanceof InvalidGatewayPropertyException)
				&& !(failure instanceof GatewayPortConflictException)) {
			failure = failure.getCause();
		}
		return failure.getMessage();
	}

	@Test
	void startsAServerWithTheDefaultsOfThePerformanceGuide() {
		this.contextRunner.run((context) -> {
			GatewayOptions options = context.getBean(GatewayOptions.class);
			assertThat(options.maxCcu()).isEqualTo(5000);
			assertThat(options.utilizationPercent()).isEqualTo(67);
			assertThat(options.queueTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(options.backpressureMode()).isEqualTo(BackpressureMode.FIXED);
			assertThat(options.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1).toBytes());
			assertThat(options.maxHeaderSize()).isEqualTo(8 * 1024);
			assertThat(options.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
			GatewayServer server = context.getBean(GatewayServer.class);
			assertThat(server.isRunning()).isTrue();
			assertThat(server.limiter().limit()).isEqualTo(3350);
			assertThat(get(server, "/anything")).startsWith("404");
			assertThat(context).doesNotHaveBean(GatewayMetrics.class);
		});
		assertThat(GatewayRouteFactory.options(new GatewayProperties())).isEqualTo(GatewayOptions.defaults());
	}

	@Test
	void isOffWhenDisabled() {
		this.contextRunner.withPropertyValues("fluxor.gateway.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GatewayServer.class)
				.doesNotHaveBean(GatewayProperties.class));
	}

	@Test
	void serverIsStoppedWithTheContext() {
		GatewayServer[] server = new GatewayServer[1];
		this.contextRunner.run((context) -> server[0] = context.getBean(GatewayServer.class));
		assertThat(server[0].isRunning()).isFalse();
	}

	@Test
	void routesReachHandlerBeansByNameThroughFilterBeansInOrder() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].id=hello", "fluxor.gateway.routes[0].path=/hello/{name}",
					"fluxor.gateway.routes[0].methods=GET", "fluxor.gateway.routes[0].handler=helloHandler",
					"fluxor.gateway.max-ccu=10", "fluxor.gateway.utilization-percent=50",
					"fluxor.gateway.backpressure.mode=adaptive")
			.withBean("helloHandler", GatewayHandler.class,
					() -> (request) -> Mono.just(HttpResponseMessage.ok("hello " + request.pathParam("name"))))
			.withBean("second", GatewayFilter.class, () -> new TagFilter(2, "2"))
			.withBean("first", GatewayFilter.class, () -> new TagFilter(1, "1"))
			.run((context) -> {
				GatewayServer server = context.getBean(GatewayServer.class);
				assertThat(server.options().backpressureMode()).isEqualTo(BackpressureMode.ADAPTIVE);
				assertThat(server.filters()).extracting(GatewayFilter::order).containsExactly(1, 2);
				// order 1 is outermost: it sees the request first and the response last
				assertThat(get(server, "/hello/ada")).isEqualTo("200 hello ada21");
				assertThat(get(server, "/hello/ada?x")).isEqualTo("200 hello ada21");
			});
	}

	@Test
	void backsOffWhenTheUserDefinesTheRouterOrTheServer() {
		Router router = Router.of();
		this.contextRunner.withBean(Router.class, () -> router)
			.run((context) -> assertThat(context.getBean(GatewayServer.class).router()).isSameAs(router));
		GatewayServer server = GatewayServer.builder(router)
			.options(GatewayOptions.defaults().withAddress("127.0.0.1", 0))
			.build();
		this.contextRunner.withBean(GatewayServer.class, () -> server)
			.run((context) -> assertThat(context.getBean(GatewayServer.class)).isSameAs(server));
	}

	@Test
	void recordsMetricsWhenThereIsAMeterRegistry() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(MicrometerGatewayMetrics.class);
			get(context.getBean(GatewayServer.class), "/nowhere");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("fluxor.http.requests").tag("path", "UNMATCHED").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("fluxor.server.max.ccu").gauge().value()).isEqualTo(5000);
		});
	}

	@Test
	void eventBusRoutesUseTheEventBusBean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EventLoopAutoConfiguration.class, EventBusAutoConfiguration.class,
					GatewayAutoConfiguration.class))
			.withPropertyValues("fluxor.event-loop.count=1", "fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=0",
					"fluxor.gateway.routes[0].path=/echo", "fluxor.gateway.routes[0].address=echo")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(EventBus.class)
					.<HttpRequestMessage>consumer("echo", (message) -> message.reply("echo " + message.body().path()));
				assertThat(get(context.getBean(GatewayServer.class), "/echo")).isEqualTo("200 echo /echo");
			});
	}

	@Test
	void whenUtilizationIsOutsideOneToHundredThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.gateway.utilization-percent=150")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.utilization-percent: must be between 1 and 100 but was 150"));
		this.contextRunner.withPropertyValues("fluxor.gateway.utilization-percent=0")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.utilization-percent: must be between 1 and 100 but was 0"));
	}

	@Test
	void whenTheHostIsBlankThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.gateway.host= ")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("fluxor.gateway.host")
				.hasStackTraceContaining("must not be blank"));
	}

	@Test
	void whenAConnectionPoolTimeoutIsNotPositiveThenStartupFailsNamingTheProperty() {
		for (String property : new String[] { "pending-acquire-timeout", "max-idle-time" }) {
			this.contextRunner.withPropertyValues("fluxor.gateway.connection-pool." + property + "=0s")
				.run((context) -> assertThat(failureMessage(context))
					.isEqualTo("fluxor.gateway.connection-pool." + property + ": must be positive but was PT0S"));
		}
	}

	@Test
	void whenARouteHasBothAddressAndHandlerThenStartupFailsNamingTheRoute() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a", "fluxor.gateway.routes[0].address=a",
					"fluxor.gateway.routes[0].handler=h")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0]: must set exactly one of address, handler or upstreams but sets two"));
	}

	@Test
	void whenARouteHasNeitherAddressNorHandlerThenStartupFailsNamingTheRoute() {
		this.contextRunner.withPropertyValues("fluxor.gateway.routes[0].path=/a")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0]: must set exactly one of address, handler or upstreams but sets neither"));
	}

	@Test
	void whenTwoRoutesShareAnIdThenStartupFailsNamingTheSecond() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].id=r", "fluxor.gateway.routes[0].path=/a",
					"fluxor.gateway.routes[0].handler=h", "fluxor.gateway.routes[1].id=r",
					"fluxor.gateway.routes[1].path=/b", "fluxor.gateway.routes[1].handler=h")
			.withBean("h", GatewayHandler.class, () -> (request) -> Mono.empty())
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[1].id: duplicate route id 'r', already used by routes[0]"));
	}

	@Test
	void whenARouteNamesAnUnknownHandlerThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a", "fluxor.gateway.routes[0].handler=h",
					"fluxor.gateway.routes[1].path=/b", "fluxor.gateway.routes[1].handler=h",
					"fluxor.gateway.routes[2].path=/c", "fluxor.gateway.routes[2].handler=x")
			.withBean("h", GatewayHandler.class, () -> (request) -> Mono.empty())
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[2].handler: no GatewayHandler bean named 'x'"));
	}

	@Test
	void whenARouteTargetsAnAddressWithoutEventBusThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.gateway.routes[0].path=/a", "fluxor.gateway.routes[0].address=a")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].address: needs an EventBus bean but there is none"));
	}

	@Test
	void whenARoutePathIsMalformedThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a/**/b", "fluxor.gateway.routes[0].handler=h")
			.withBean("h", GatewayHandler.class, () -> (request) -> Mono.empty())
			.run((context) -> assertThat(failureMessage(context)).startsWith("fluxor.gateway.routes[0].path: '**'"));
	}

	@Test
	void whenARoutePathHoldsAQueryAFragmentOrWhitespaceThenStartupFailsNamingThePath() {
		Map<String, String> wrong = Map.of("/search?q=1", "must not hold a query or fragment but was '/search?q=1'",
				"/docs#intro", "must not hold a query or fragment but was '/docs#intro'", "/my files",
				"must not hold whitespace but was '/my files'");
		wrong.forEach((path, reason) -> this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=" + path, "fluxor.gateway.routes[0].handler=h")
			.withBean("h", GatewayHandler.class, () -> (request) -> Mono.empty())
			.run((context) -> assertThat(failureMessage(context)).as(path)
				.isEqualTo("fluxor.gateway.routes[0].path: " + reason)));
	}

	@Test
	void upstreamRoutesProxyWithTheDefaultsMergedAndRecordUpstreamCacheRetryAndBreakerMetrics() {
		String url = fixture.upstream((request, response) -> response.sendString(Mono.just("upstream " + request.uri())))
			.url();
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("fluxor.gateway.defaults.retry.max-attempts=2",
					"fluxor.gateway.defaults.circuit-breaker.sliding-window-size=10",
					"fluxor.gateway.defaults.connect-timeout=1s", "fluxor.gateway.routes[0].id=api",
					"fluxor.gateway.routes[0].path=/api/**", "fluxor.gateway.routes[0].upstreams[0].url=" + url,
					"fluxor.gateway.routes[0].upstreams[1].url=" + url + "/",
					"fluxor.gateway.routes[0].upstreams[1].weight=3",
					"fluxor.gateway.routes[0].load-balancing=weighted-round-robin",
					"fluxor.gateway.routes[0].strip-prefix=1", "fluxor.gateway.routes[0].cache.ttl=30s",
					"fluxor.gateway.routes[0].compression.level=9", "fluxor.gateway.routes[1].id=plain",
					"fluxor.gateway.routes[1].path=/plain", "fluxor.gateway.routes[1].upstreams[0].url=" + url,
					"fluxor.gateway.routes[1].retry.enabled=false", "fluxor.gateway.routes[1].headers.X-Tenant=acme")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				GatewayServer server = context.getBean(GatewayServer.class);
				assertThat(get(server, "/api/users?x=1")).isEqualTo("200 upstream /users?x=1");
				assertThat(get(server, "/plain")).as("header predicate").startsWith("404");
				UpstreamProxy api = ((RouteTarget.Upstreams) server.router().routes().get(0).target()).proxy();
				assertThat(api.options().loadBalancing()).isEqualTo(LoadBalancingStrategy.WEIGHTED_ROUND_ROBIN);
				assertThat(api.options().connectTimeout()).isEqualTo(Duration.ofSeconds(1));
				assertThat(api.options().retry().maxAttempts()).isEqualTo(2);
				assertThat(api.options().circuitBreaker().slidingWindowSize()).isEqualTo(10);
				assertThat(api.options().cache().ttl()).isEqualTo(Duration.ofSeconds(30));
				assertThat(api.options().compression().level()).isEqualTo(9);
				UpstreamProxy plain = ((RouteTarget.Upstreams) server.router().routes().get(1).target()).proxy();
				assertThat(plain.options().retry()).as("opted out of the default").isNull();
				assertThat(plain.options().cache()).isNull();
				assertThat(server.router().routes().get(1).headers()).hasSize(1);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("fluxor.gateway.upstream.requests")
					.tags("route", "api", "outcome", "success")
					.counter()
					.count()).isEqualTo(1);
				assertThat(registry.get("fluxor.gateway.upstream.duration").tag("route", "api").timer().count())
					.isEqualTo(1);
				assertThat(registry.get("fluxor.cache.requests").tags("route", "api", "result", "miss")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("fluxor.retry.attempts").tag("route", "api").functionCounter().count())
					.isZero();
				assertThat(registry.get("resilience4j.circuitbreaker.state")
					.tags("name", url, "state", "closed")
					.gauge()
					.value()).isEqualTo(1);
			});
	}

	@Test
	void aRoutesCacheHoldsNoMoreResponsesThanItsMaxEntries() {
		String url = fixture.upstream((request, response) -> response.sendString(Mono.just("upstream " + request.uri())))
			.url();
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].id=api", "fluxor.gateway.routes[0].path=/api/**",
					"fluxor.gateway.routes[0].upstreams[0].url=" + url, "fluxor.gateway.routes[0].cache.ttl=1m",
					"fluxor.gateway.routes[0].cache.max-entries=2")
			.run((context) -> {
				GatewayServer server = context.getBean(GatewayServer.class);
				for (int i = 0; i < 10; i++) {
					assertThat(get(server, "/api/" + i)).isEqualTo("200 upstream /api/" + i);
				}
				UpstreamProxy api = ((RouteTarget.Upstreams) server.router().routes().get(0).target()).proxy();
				assertThat(api.options().cache().maxEntries()).isEqualTo(2);
				assertThat(api.cache().misses()).isEqualTo(10);
				assertThat(api.cache().size()).as("ten responses stored, two kept").isBetween(1L, 2L);
			});
	}

	@Test
	void aRouteWithStaleWhileRevalidateAnswersAtOnceFromTheExpiredEntryWhileOneRequestRefreshesIt() {
		AtomicInteger answers = new AtomicInteger();
		CompletableFuture<Void> refreshHeld = new CompletableFuture<>();
		// each answer tells its number; the second, the refresh, waits until the test lets it go
		String url = fixture.upstream((request, response) -> {
			int answer = answers.incrementAndGet();
			Mono<Void> held = (answer == 2) ? Mono.fromFuture(refreshHeld) : Mono.empty();
			return request.receive().then(held).then(response.sendString(Mono.just("answer " + answer)).then());
		}).url();
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].id=api", "fluxor.gateway.routes[0].path=/api/**",
					"fluxor.gateway.routes[0].upstreams[0].url=" + url, "fluxor.gateway.routes[0].cache.ttl=1s",
					"fluxor.gateway.routes[0].cache.stale-while-revalidate=30s")
			.run((context) -> {
				try {
					GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
					GatewayTestClient.Response first = client.get("/api/a");
					assertThat(first.header("X-Cache")).isEqualTo("MISS");
					assertThat(first.body()).isEqualTo("answer 1");
					// fresh hits carry Age 0; the first with Age 1 (stored a ttl ago) is the first after expiry
					AtomicReference<GatewayTestClient.Response> afterExpiry = new AtomicReference<>();
					await().atMost(Duration.ofSeconds(10)).until(() -> {
						GatewayTestClient.Response response = getWithin(client, "/api/a", Duration.ofSeconds(3));
						afterExpiry.set(response);
						return response == null || !"0".equals(response.header("Age"));
					});
					assertThat(afterExpiry.get())
						.as("the first request after expiry is answered while the upstream holds the refresh")
						.isNotNull();
					assertThat(afterExpiry.get().header("X-Cache")).isEqualTo("HIT");
					assertThat(afterExpiry.get().body()).isEqualTo("answer 1");
					await().atMost(Duration.ofSeconds(5)).until(() -> answers.get() == 2);
					GatewayTestClient.Response duringRefresh = getWithin(client, "/api/a", Duration.ofSeconds(3));
					assertThat(duringRefresh).as("answered from the stale entry during the refresh").isNotNull();
					assertThat(duringRefresh.header("X-Cache")).isEqualTo("HIT");
					assertThat(duringRefresh.body()).isEqualTo("answer 1");
					assertThat(answers.get()).as("one background request refreshes the entry").isEqualTo(2);
					refreshHeld.complete(null);
					await().atMost(Duration.ofSeconds(5))
						.untilAsserted(() -> assertThat(client.get("/api/a").body()).isEqualTo("answer 2"));
					assertThat(answers.get()).as("the refreshed entry answers").isEqualTo(2);
				}
				finally {
					refreshHeld.complete(null);
				}
			});
	}

	/** A GET through the gateway, or {@code null} when no answer came within the time given. */
	private static GatewayTestClient.Response getWithin(GatewayTestClient client, String uri, Duration within) {
		return CompletableFuture.supplyAsync(() -> client.get(uri))
			.completeOnTimeout(null, within.toMillis(), TimeUnit.MILLISECONDS)
			.join();
	}

	@Test
	void whenARouteHasBothUpstreamsAndAnAddressThenStartupFailsNamingTheRoute() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a", "fluxor.gateway.routes[0].address=a",
					"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0]: must set exactly one of address, handler or upstreams but sets two"));
	}

	@Test
	void whenAnUpstreamUrlIsInvalidThenStartupFailsNamingTheUpstream() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a",
					"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001",
					"fluxor.gateway.routes[0].upstreams[1].url=ftp://files")
			.run((context) -> assertThat(failureMessage(context)).isEqualTo(
					"fluxor.gateway.routes[0].upstreams[1].url: must be an absolute http or https URL but was 'ftp://files'"));
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a", "fluxor.gateway.routes[0].upstreams[0].url=not a url")
			.run((context) -> assertThat(failureMessage(context)).isEqualTo(
					"fluxor.gateway.routes[0].upstreams[0].url: must be an absolute http or https URL but was 'not a url'"));
	}

	@Test
	void whenAnUpstreamWeightIsNotPositiveThenStartupFailsNamingTheWeight() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a",
					"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001",
					"fluxor.gateway.routes[0].upstreams[0].weight=0")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].upstreams[0].weight: must be positive but was 0"));
	}

	@Test
	void whenAnUpstreamUrlHasAPartThatCannotWorkThenStartupFailsNamingTheUpstream() {
		Map<String, String> wrong = Map.of("http://127.0.0.1:99999",
				"must have a port between 1 and 65535 but was 'http://127.0.0.1:99999'", "http://127.0.0.1:0/",
				"must have a port between 1 and 65535 but was 'http://127.0.0.1:0/'", "http://user:secret@127.0.0.1:9001",
				"must not hold user-info (credentials in the URL are not sent) but was 'http://user:secret@127.0.0.1:9001'",
				"http://127.0.0.1:9001/api?version=2",
				"must not hold a query (the request's own query is forwarded) but was 'http://127.0.0.1:9001/api?version=2'",
				"http://127.0.0.1:9001/api#top", "must not hold a fragment but was 'http://127.0.0.1:9001/api#top'");
		wrong.forEach((url, reason) -> this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a", "fluxor.gateway.routes[0].upstreams[0].url=" + url)
			.run((context) -> assertThat(failureMessage(context)).as(url)
				.isEqualTo("fluxor.gateway.routes[0].upstreams[0].url: " + reason)));
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a",
					"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001/api/")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenUpstreamWeightsMakeTooLongACycleThenStartupFailsNamingTheUpstreams() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a",
					"fluxor.gateway.routes[0].load-balancing=weighted-round-robin",
					"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001",
					"fluxor.gateway.routes[0].upstreams[0].weight=100000",
					"fluxor.gateway.routes[0].upstreams[1].url=http://127.0.0.1:9002",
					"fluxor.gateway.routes[0].upstreams[1].weight=99999")
			.run((context) -> assertThat(failureMessage(context)).startsWith("fluxor.gateway.routes[0].upstreams: ")
				.contains("must not exceed 65536"));
	}

	@Test
	void whenTheLoadBalancingStrategyIsUnknownThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a",
					"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001",
					"fluxor.gateway.routes[0].load-balancing=random")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (failure.getCause() != null && !(failure instanceof org.springframework.boot.context.properties.bind.BindException)) {
					failure = failure.getCause();
				}
				assertThat(failure.getMessage()).contains("fluxor.gateway.routes[0].load-balancing");
			});
	}

	@Test
	void whenTheCompressionLevelIsOutsideOneToNineThenStartupFailsNamingWhereItCameFrom() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.routes[0].path=/a",
					"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001",
					"fluxor.gateway.routes[0].compression.level=12")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].compression.level: must be between 1 and 9 but was 12"));
		this.contextRunner
			.withPropertyValues("fluxor.gateway.defaults.compression.level=0", "fluxor.gateway.routes[0].path=/a",
					"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.defaults.compression.level: must be between 1 and 9 but was 0"));
	}

	@Test
	void aRouteListFromAHigherSourceIsCheckedForUnknownKeysAloneNotAgainstTheListItReplaced() {
		// a list is taken whole from the first source holding it: the lower list's keys bind to nothing
		Map<String, Object> replaced = Map.of("fluxor.gateway.routes[0].path", "/old",
				"fluxor.gateway.routes[0].upstreams[0].url", "http://127.0.0.1:9001",
				"fluxor.gateway.routes[0].cache.ttl", "60s", "fluxor.gateway.routes[1].path", "/gone",
				"fluxor.gateway.routes[1].handler", "missingHandler", "fluxor.gateway.defaults.retry.max-attempts", "2");
		ApplicationContextRunner layered = this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("lower", replaced)))
			.withPropertyValues("fluxor.gateway.routes[0].path=/new",
					"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9002");
		layered.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(Router.class).routes()).singleElement()
				.satisfies((route) -> assertThat(route.path().template()).isEqualTo("/new"));
		});
		layered.withPropertyValues("fluxor.gateway.routes[0].retry.max-atempts=2")
			.run((context) -> assertThat(failureMessage(context))
				.startsWith("fluxor.gateway.routes[0].retry.max-atempts: is no property of a route"));
		layered.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addLast(new MapPropertySource("lowest", Map.of("fluxor.gateway.defaults.cache.tll", "1s"))))
			.run((context) -> assertThat(failureMessage(context))
				.startsWith("fluxor.gateway.defaults.cache.tll: is no property of a route"));
	}

	@Test
	void whenResilienceOrCacheSettingsCannotWorkThenStartupFailsNamingTheProperty() {
		String[] route = { "fluxor.gateway.routes[0].path=/a",
				"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001" };
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].retry.max-attempts=0")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].retry.max-attempts: must be at least 1, was 0"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.defaults.retry.jitter=1")
			.run((context) -> assertThat(failureMessage(context)).isEqualTo(
					"fluxor.gateway.defaults.retry.jitter: must be between 0 (inclusive) and 1 (exclusive), was 1.0"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].circuit-breaker.failure-rate-threshold=150")
			.run((context) -> assertThat(failureMessage(context)).isEqualTo(
					"fluxor.gateway.routes[0].circuit-breaker.failure-rate-threshold: must be above 0 and at most 100, "
							+ "was 150.0"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.defaults.circuit-breaker.permitted-calls-in-half-open-state=0")
			.run((context) -> assertThat(failureMessage(context)).isEqualTo(
					"fluxor.gateway.defaults.circuit-breaker.permitted-calls-in-half-open-state: must be at least 1, was 0"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.maxCcu=10", "fluxor.gateway.routes[0].connectTimeout=1s",
					"fluxor.gateway.routes[0].headers.X-Tenant=acme", "fluxor.gateway.defaults.retry.MAX_ATTEMPTS=2")
			.run((context) -> assertThat(context).as("relaxed names are names a property takes").hasNotFailed());
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.max-ccuu=10")
			.run((context) -> assertThat(failureMessage(context))
				.startsWith("fluxor.gateway.max-ccuu: is no property of the gateway"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.jwt.hmac-secert=0123456789abcdef0123456789abcdef")
			.run((context) -> assertThat(failureMessage(context))
				.startsWith("fluxor.gateway.jwt.hmac-secert: is no property of the gateway"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].cache.tll=60s")
			.run((context) -> assertThat(failureMessage(context))
				.startsWith("fluxor.gateway.routes[0].cache.tll: is no property of a route"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.defaults.retry.max-attempts=2", "fluxor.gateway.defaults.retry.backof=1s")
			.run((context) -> assertThat(failureMessage(context))
				.startsWith("fluxor.gateway.defaults.retry.backof: is no property of a route"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].cache.ttl=0s")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].cache.ttl: must be positive, was PT0S"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].cache.vary[0]=Accept-Language", "fluxor.gateway.routes[0].cache.vary[1]=")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].cache.vary: must list valid HTTP header names but held ''"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.defaults.cache.vary=X Tenant")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.defaults.cache.vary: must list valid HTTP header names but held 'X Tenant'"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].rewrite-path.regex=/(a")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rewrite-path: must set both regex and replacement"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].rewrite-path.regex=/(a",
					"fluxor.gateway.routes[0].rewrite-path.replacement=/b")
			.run((context) -> assertThat(failureMessage(context))
				.startsWith("fluxor.gateway.routes[0].rewrite-path.regex: is not a valid regular expression"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.defaults.response-timeout=0s")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.defaults.response-timeout: must be positive but was PT0S"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].retry.budget-percent=120")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].retry.budget-percent: must be between 0 and 100 but was 120.0"));
		this.contextRunner.withPropertyValues(route)
			.withClassLoader(new FilteredClassLoader("io.github.resilience4j.circuitbreaker"))
			.withPropertyValues("fluxor.gateway.routes[0].circuit-breaker.enabled=true")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].circuit-breaker: needs resilience4j-circuitbreaker on the class path"));
		this.contextRunner.withPropertyValues(route)
			.withClassLoader(new FilteredClassLoader("io.github.resilience4j.circuitbreaker"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenTheMaxBackoffIsUnderOneMillisecondThenStartupFailsNamingWhereItCameFrom() {
		String[] route = { "fluxor.gateway.routes[0].path=/a",
				"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001" };
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].retry.max-backoff=0s")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].retry.max-backoff: must be at least 1ms, was PT0S"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.defaults.retry.max-backoff=-1s")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.defaults.retry.max-backoff: must be at least 1ms, was PT-1S"));
	}

	@Test
	void whenARouteDefaultCannotWorkThenStartupFailsNamingItEvenWithoutARouteThatUsesIt() {
		Map<String, String> wrong = Map.of("fluxor.gateway.defaults.retry.max-attempts=0",
				"fluxor.gateway.defaults.retry.max-attempts: must be at least 1, was 0",
				"fluxor.gateway.defaults.connect-timeout=0s",
				"fluxor.gateway.defaults.connect-timeout: must be positive but was PT0S",
				"fluxor.gateway.defaults.compression.level=12",
				"fluxor.gateway.defaults.compression.level: must be between 1 and 9 but was 12",
				"fluxor.gateway.defaults.cache.ttl=0s", "fluxor.gateway.defaults.cache.ttl: must be positive, was PT0S");
		wrong.forEach((property, message) -> this.contextRunner
			.withPropertyValues(property, "fluxor.gateway.routes[0].path=/a", "fluxor.gateway.routes[0].handler=h")
			.withBean("h", GatewayHandler.class, () -> (request) -> Mono.empty())
			.run((context) -> assertThat(failureMessage(context)).as(property).isEqualTo(message)));
		this.contextRunner
			.withPropertyValues("fluxor.gateway.request-timeout=1s", "fluxor.gateway.defaults.retry.base-backoff=2s",
					"fluxor.gateway.defaults.retry.max-attempts=2", "fluxor.gateway.defaults.connect-timeout=1s")
			.run((context) -> assertThat(context).as("a route may set a longer timeout").hasNotFailed());
	}

	@Test
	void whenTheBaseBackoffIsNotShorterThanTheRouteTimeoutThenStartupFailsNamingWhereItCameFrom() {
		String[] route = { "fluxor.gateway.routes[0].path=/a",
				"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001" };
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].timeout=5s", "fluxor.gateway.routes[0].retry.base-backoff=5s")
			.run((context) -> assertThat(failureMessage(context)).isEqualTo(
					"fluxor.gateway.routes[0].retry.base-backoff: must be shorter than the route's timeout (PT5S) "
							+ "but was PT5S"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.request-timeout=2s", "fluxor.gateway.defaults.retry.base-backoff=3s")
			.run((context) -> assertThat(failureMessage(context)).isEqualTo(
					"fluxor.gateway.defaults.retry.base-backoff: must be shorter than the route's timeout "
							+ "(fluxor.gateway.request-timeout, PT2S) but was PT3S"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].timeout=5s", "fluxor.gateway.routes[0].retry.base-backoff=5s",
					"fluxor.gateway.routes[0].retry.max-attempts=1")
			.run((context) -> assertThat(context).as("one attempt never backs off").hasNotFailed());
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].timeout=5s", "fluxor.gateway.routes[0].retry.base-backoff=5s",
					"fluxor.gateway.routes[0].retry.enabled=false")
			.run((context) -> assertThat(context).as("retries off").hasNotFailed());
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].timeout=5s", "fluxor.gateway.routes[0].retry.base-backoff=4s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenTheRewriteReplacementNamesAGroupTheRegexLacksThenStartupFailsNamingTheReplacement() {
		String[] route = { "fluxor.gateway.routes[0].path=/a/**",
				"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001" };
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].rewrite-path.regex=/a/(.*)",
					"fluxor.gateway.routes[0].rewrite-path.replacement=/b/$2")
			.run((context) -> assertThat(failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rewrite-path.replacement: does not fit the regex '/a/(.*)': "
						+ "No group 2"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].rewrite-path.regex=/a/(?<rest>.*)",
					"fluxor.gateway.routes[0].rewrite-path.replacement=/b/${tail}")
			.run((context) -> assertThat(failureMessage(context))
				.startsWith("fluxor.gateway.routes[0].rewrite-path.replacement: does not fit the regex '/a/(?<rest>.*)': ")
				.contains("tail"));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].rewrite-path.regex=/a/(?<rest>.*)",
					"fluxor.gateway.routes[0].rewrite-path.replacement=/b/${rest}/$1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenARetryFactorIsNotANumberThenStartupFailsNamingWhereItCameFrom() {
		String[] route = { "fluxor.gateway.routes[0].path=/a",
				"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001" };
		Map<String, String> wrong = Map.of("fluxor.gateway.routes[0].retry.multiplier",
				"must be at least 1, was NaN", "fluxor.gateway.defaults.retry.jitter",
				"must be between 0 (inclusive) and 1 (exclusive), was NaN", "fluxor.gateway.routes[0].retry.budget-percent",
				"must be between 0 and 100 but was NaN");
		wrong.forEach((property, reason) -> this.contextRunner.withPropertyValues(route)
			.withPropertyValues(property + "=NaN")
			.run((context) -> assertThat(failureMessage(context)).as(property).isEqualTo(property + ": " + reason)));
	}

	@Test
	void whenADurationIsTooLongToCountInNanosecondsThenStartupFailsNamingWhereItCameFrom() {
		String[] route = { "fluxor.gateway.routes[0].path=/a",
				"fluxor.gateway.routes[0].upstreams[0].url=http://127.0.0.1:9001" };
		Map<String, String> wrong = Map.of("fluxor.gateway.queue-timeout", "fluxor.gateway.queue-timeout",
				"fluxor.gateway.request-timeout", "fluxor.gateway.request-timeout", "fluxor.gateway.routes[0].timeout",
				"fluxor.gateway.routes[0].timeout", "fluxor.gateway.defaults.response-timeout",
				"fluxor.gateway.defaults.response-timeout", "fluxor.gateway.routes[0].retry.max-backoff",
				"fluxor.gateway.routes[0].retry.max-backoff", "fluxor.gateway.defaults.cache.ttl",
				"fluxor.gateway.defaults.cache.ttl", "fluxor.gateway.routes[0].cache.stale-while-revalidate",
				"fluxor.gateway.routes[0].cache.stale-while-revalidate",
				"fluxor.gateway.routes[0].circuit-breaker.slow-call-duration-threshold",
				"fluxor.gateway.routes[0].circuit-breaker.slow-call-duration-threshold");
		wrong.forEach((property, reported) -> this.contextRunner.withPropertyValues(route)
			.withPropertyValues(property + "=1000000d")
			.run((context) -> assertThat(failureMessage(context)).as(property)
				.isEqualTo(reported + ": must be at most 106751d but was PT24000000H")));
		this.contextRunner.withPropertyValues(route)
			.withPropertyValues("fluxor.gateway.routes[0].timeout=106751d", "fluxor.gateway.request-timeout=106751d")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void invalidPropertiesAreReportedByTheFailureAnalyzer() {
		FailureAnalysis analysis = new InvalidGatewayPropertyFailureAnalyzer().analyze(new IllegalStateException(
				new InvalidGatewayPropertyException("fluxor.gateway.routes[2].handler", "no GatewayHandler bean named 'x'")));
		assertThat(analysis.getDescription()).contains("Property: fluxor.gateway.routes[2].handler")
			.contains("Reason: no GatewayHandler bean named 'x'");
		assertThat(analysis.getAction()).contains("fluxor.gateway.routes[2].handler");
	}

	@Test
	void whenTheGatewayWouldBindTheWebServerPortThenStartupFailsNamingBothProperties() {
		ReactiveWebApplicationContextRunner web = new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GatewayAutoConfiguration.class))
			.withPropertyValues("fluxor.gateway.host=127.0.0.1");
		web.withPropertyValues("fluxor.gateway.port=8080").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(failureMessage(context)).contains("fluxor.gateway.port (8080)").contains("(server.port)");
		});
		web.withPropertyValues("fluxor.gateway.port=9090", "server.port=9090")
			.run((context) -> assertThat(failureMessage(context)).contains("fluxor.gateway.port").contains("server.port"));
		web.withPropertyValues("fluxor.gateway.port=9091", "server.port=0", "management.server.port=9091")
			.run((context) -> assertThat(failureMessage(context)).contains("fluxor.gateway.port")
				.contains("management.server.port"));
		FailureAnalysis analysis = new GatewayPortConflictFailureAnalyzer()
			.analyze(new GatewayPortConflictException(8080, "server.port"));
		assertThat(analysis.getDescription()).contains("fluxor.gateway.port = 8080").contains("server.port = 8080");
	}

	@Test
	void withLazyInitializationAPortConflictStillFailsStartupNamingBothProperties() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		new ReactiveWebApplicationContextRunner().withConfiguration(AutoConfigurations.of(GatewayAutoConfiguration.class))
			.withInitializer((context) -> context.addBeanFactoryPostProcessor(
					new LazyInitializationBeanFactoryPostProcessor()))
			.withPropertyValues("fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=" + port, "server.port=0",
					"management.server.port=" + port)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(failureMessage(context)).contains("fluxor.gateway.port (" + port + ")")
					.contains("management.server.port");
			});
	}

	@Test
	void whenTheWebServerUsesAnotherPortOrTheAppIsNotAWebAppThenThereIsNoConflict() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		new ReactiveWebApplicationContextRunner().withConfiguration(AutoConfigurations.of(GatewayAutoConfiguration.class))
			.withPropertyValues("fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=" + port, "server.port=0",
					"management.server.port=0")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues("fluxor.gateway.port=" + port, "server.port=" + port)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	/** Appends a tag to the response body. */
	static final class TagFilter implements GatewayFilter {

		private final int order;

		private final String tag;

		TagFilter(int order, String tag) {
			this.order = order;
			this.tag = tag;
		}

		@Override
		public int order() {
			return this.order;
		}

		@Override
		public Mono<HttpResponseMessage> filter(GatewayExchange exchange, GatewayFilterChain chain) {
			return chain.next(exchange)
				.map((response) -> HttpResponseMessage.ok(response.bodyAsString() + this.tag));
		}

	}

}
