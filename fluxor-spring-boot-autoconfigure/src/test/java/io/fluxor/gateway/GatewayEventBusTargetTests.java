package io.fluxor.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.fluxor.eventbus.AddressStatistics;
import io.fluxor.eventbus.DefaultEventBus;
import io.fluxor.eventbus.DeliveryFailure;
import io.fluxor.eventbus.EventBusInterceptor;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.fluxor.metrics.MicrometerGatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GatewayEventBusTargetTests {

	private final EventLoopGroup loops = new EventLoopGroup(EventLoopOptions.defaults().withCount(1)).start();

	private final DefaultEventBus bus = new DefaultEventBus(this.loops);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicInteger held = new AtomicInteger();

	private GatewayServer server;

	private TestHttp http;

	@BeforeEach
	void start() {
		this.bus.<HttpRequestMessage>consumer("orders.get", (message) -> message
			.reply(HttpResponseMessage.json("{\"id\":\"" + message.body().pathParam("id") + "\"}")));
		this.bus.<HttpRequestMessage>consumer("echo", (message) -> message.reply(message.body().bodyAsString()));
		this.bus.<HttpRequestMessage>consumer("bytes", (message) -> message.reply(new byte[] { 1, 2, 3 }));
		this.bus.<HttpRequestMessage>consumer("map", (message) -> message.reply(Map.of("ok", true)));
		this.bus.<HttpRequestMessage>consumer("silent", (message) -> {
		});
		this.bus.<HttpRequestMessage>consumer("held", (message) -> this.held.incrementAndGet());
		this.bus.<HttpRequestMessage>consumer("broken", (message) -> {
			throw new IllegalStateException("broken");
		});
		this.bus.<HttpRequestMessage>consumer("missing", (message) -> message.fail(404, "no such order"));
		this.bus.<HttpRequestMessage>consumer("odd", (message) -> message.fail(42, "not an HTTP status"));
		this.bus.addInterceptor(new EventBusInterceptor() {
			@Override
			public boolean outbound(io.fluxor.eventbus.DeliveryContext context) {
				return !context.address().equals("refused");
			}
		});
		this.bus.<HttpRequestMessage>consumer("refused", (message) -> message.reply("never"));
		Router router = Router.of(Route.of("order", "/orders/{id}", RouteTarget.address("orders.get")),
				Route.of("echo", "/echo", RouteTarget.address("echo")),
				Route.of("bytes", "/bytes", RouteTarget.address("bytes")),
				Route.of("map", "/map", RouteTarget.address("map")),
				Route.of("silent", "/silent", RouteTarget.address("silent")).withTimeout(Duration.ofMillis(150)),
				// far beyond the test: the request can only end early through its client going away
				Route.of("held", "/held", RouteTarget.address("held")).withTimeout(Duration.ofSeconds(60)),
				Route.of("nobody", "/nobody", RouteTarget.address("nobody")),
				Route.of("broken", "/broken", RouteTarget.address("broken")),
				Route.of("missing", "/missing", RouteTarget.address("missing")),
				Route.of("odd", "/odd", RouteTarget.address("odd")),
				Route.of("refused", "/refused", RouteTarget.address("refused")));
		this.server = GatewayServer.builder(router)
			.options(GatewayOptions.defaults().withAddress("127.0.0.1", 0))
			.eventBus(this.bus)
			.metrics(new MicrometerGatewayMetrics(this.registry))
			.build()
			.start();
		this.http = new TestHttp(this.server.port());
	}

	@AfterEach
	void stop() {
		this.server.stop(Duration.ofSeconds(2));
		this.bus.close();
		this.loops.shutdown(Duration.ofSeconds(2));
	}

	@Test
	void anHttpResponseMessageReplyBecomesTheResponse() {
		TestHttp.Response response = this.http.get("/orders/7");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().get("content-type")).isEqualTo("application/json");
		assertThat(response.body()).isEqualTo("{\"id\":\"7\"}");
	}

	@Test
	void textBytesAndObjectRepliesBecomeA200Body() {
		assertThat(this.http.post("/echo", "hello").body()).isEqualTo("hello");
		TestHttp.Response bytes = this.http.get("/bytes");
		assertThat(bytes.status()).isEqualTo(200);
		assertThat(bytes.headers().get("content-type")).isEqualTo("application/octet-stream");
		TestHttp.Response map = this.http.get("/map");
		assertThat(map.headers().get("content-type")).isEqualTo("application/json");
		assertThat(map.body()).isEqualTo("{\"ok\":true}");
	}

	@Test
	void aConsumerThatDoesNotReplyWithinTheRouteTimeoutIsA504() {
		assertThat(this.http.get("/silent").status()).isEqualTo(504);
	}

	@Test
	void aClientGoneWhileItsConsumerWorksIsCountedAsClosedByTheClientNotAsATimeout() {
		Disposable client = this.http.request(HttpMethod.GET, "/held", null).subscribe((response) -> {
		}, (failure) -> {
		});
		await().until(() -> this.held.get() == 1);
		client.dispose();
		await().until(() -> this.bus.pendingReplies() == 0);
		AddressStatistics statistics = this.bus.addresses()
			.stream()
			.filter((address) -> address.address().equals("held"))
			.findFirst()
			.orElseThrow();
		assertThat(statistics.failures(DeliveryFailure.TIMEOUT)).isZero();
		await().untilAsserted(() -> assertThat(this.registry.get(MicrometerGatewayMetrics.REQUESTS)
			.tags("method", "GET", "path", "/held", "status", "499")
			.functionCounter()
			.count()).isEqualTo(1));
		assertThat(this.registry.find(MicrometerGatewayMetrics.REQUESTS).tag("status", "504").meters()).isEmpty();
	}

	@Test
	void anAddressWithoutConsumersIsA503() {
		assertThat(this.http.get("/nobody").status()).isEqualTo(503);
	}

	@Test
	void aFailingConsumerIsA500OrItsFailureCodeWhenThatIsAnHttpErrorStatus() {
		assertThat(this.http.get("/broken").status()).isEqualTo(500);
		TestHttp.Response missing = this.http.get("/missing");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.body()).isEqualTo("no such order");
		TestHttp.Response odd = this.http.get("/odd");
		assertThat(odd.status()).isEqualTo(500);
		assertThat(odd.body()).as("a server error keeps the recipient's words to itself").isEqualTo("Internal Server Error");
	}

	@Test
	void aRejectedMessageIsA503WithRetryAfter() {
		TestHttp.Response response = this.http.get("/refused");
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.headers().get("Retry-After")).isEqualTo("1");
	}

}
