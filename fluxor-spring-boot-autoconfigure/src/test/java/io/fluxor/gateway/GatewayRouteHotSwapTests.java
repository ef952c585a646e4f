package io.fluxor.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fluxor.gateway.route.InvalidRouteException;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.RouteTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Routes replaced while the gateway serves: in-flight requests finish on the route they matched,
 * new ones take the new route, and no request fails on the way.
 */
class GatewayRouteHotSwapTests {

	private static final GatewayOptions OPTIONS = GatewayOptions.defaults()
		.withAddress("127.0.0.1", 0)
		.withRequestTimeout(Duration.ofSeconds(5));

	private GatewayServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(2));
		}
	}

	private static RouteTarget answering(String body) {
		Mono<HttpResponseMessage> response = Mono.just(HttpResponseMessage.ok(body));
		return RouteTarget.handler(body, (request) -> response);
	}

	private GatewayServer start(RouteRegistry routes) {
		this.server = GatewayServer.builder(routes).options(OPTIONS).build().start();
		return this.server;
	}

	private static String get(int port, String uri) {
		return HttpClient.newConnection()
			.get()
			.uri("http://127.0.0.1:" + port + uri)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + text))
			.block(Duration.ofSeconds(10));
	}

	@Test
	void anInFlightRequestCompletesOnItsOldRouteWhileNewRequestsTakeTheNewOne() throws InterruptedException {
		CountDownLatch arrived = new CountDownLatch(1);
		Sinks.One<HttpResponseMessage> release = Sinks.one();
		RouteTarget held = RouteTarget.handler("held", (request) -> {
			arrived.countDown();
			return release.asMono();
		});
		RouteRegistry routes = RouteRegistry.of(List.of(Route.of("api", "/api", held)));
		int port = start(routes).port();
		Mono<String> inFlight = HttpClient.newConnection()
			.get()
			.uri("http://127.0.0.1:" + port + "/api")
			.responseSingle((response, body) -> body.asString().map((text) -> response.status().code() + " " + text))
			.cache();
		inFlight.subscribe();
		assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
		routes.update(Route.of("api", "/api", answering("new")));
		assertThat(get(port, "/api")).isEqualTo("200 new");
		release.tryEmitValue(HttpResponseMessage.ok("old"));
		assertThat(inFlight.block(Duration.ofSeconds(10))).isEqualTo("200 old");
	}

	@Test
	void removedRoutesAnswer404AndAddedRoutesAnswerAtOnce() {
		RouteRegistry routes = RouteRegistry.of(List.of(Route.of("a", "/a", answering("a"))));
		int port = start(routes).port();
		assertThat(get(port, "/a")).isEqualTo("200 a");
		routes.replace(List.of(Route.of("b", "/b", answering("b")).withMethods("GET")));
		assertThat(get(port, "/a")).startsWith("404");
		assertThat(get(port, "/b")).isEqualTo("200 b");
		routes.remove("b");
		assertThat(get(port, "/b")).startsWith("404");
	}

	@Test
	void anAddressRouteIsRefusedWhenTheServerHasNoEventBus() {
		RouteRegistry routes = RouteRegistry.of(List.of(Route.of("a", "/a", answering("a"))));
		start(routes);
		assertThatExceptionOfType(InvalidRouteException.class)
			.isThrownBy(() -> routes.update(Route.of("bus", "/bus", RouteTarget.address("somewhere"))))
			.withMessageContaining("route 'bus'")
			.withMessageContaining("no EventBus");
		assertThat(routes.routes()).extracting(Route::id).containsExactly("a");
	}

	@Test
	void routesReplacedManyTimesUnderConcurrentLoadNeverFailARequest() {
		int swaps = 30;
		// a bound, not a target: the load stops right after the last swap, long before it
		int maxRequests = 200_000;
		RouteRegistry routes = RouteRegistry.of(List.of(Route.of("swap", "/swap", answering("v0"))));
		try (LoadDuringSwaps load = LoadDuringSwaps.start(start(routes).port(), 16, maxRequests, (i) -> "/swap?i=" + i)) {
			for (int version = 1; version <= swaps; version++) {
				load.awaitMoreAnswers();
				Route next = Route.of("swap", "/swap", answering("v" + version));
				if (version % 3 == 0) {
					// a whole new table, with the route under a new id and a more specific sibling
					routes.replace(List.of(Route.of("swap-" + version, "/swap", answering("v" + version)),
							Route.of("other", "/swap/{id}", answering("other"))));
				}
				else if (version % 3 == 1) {
					routes.replace(List.of(next));
				}
				else {
					routes.update(next);
				}
			}
			List<String> all = load.finish();
			assertThat(all).hasSizeGreaterThanOrEqualTo(swaps * 5).hasSizeLessThan(maxRequests);
			assertThat(all).allSatisfy((answer) -> assertThat(answer).matches("200 v\\d+"));
			assertThat(load.answers()).as("answers by version").containsKey("200 v" + swaps).hasSizeGreaterThan(2);
		}
	}

}
