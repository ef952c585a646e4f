package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fluxor.autoconfigure.actuate.FluxorEndpoint;
import io.fluxor.autoconfigure.actuate.FluxorEndpointAutoConfiguration;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GatewayAutoConfiguration.class,
				FluxorEndpointAutoConfiguration.class, GatewayEndpointAutoConfiguration.class))
		.withPropertyValues("fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=0",
				"management.endpoints.web.exposure.include=fluxor", "fluxor.gateway.request-timeout=5s",
				"fluxor.gateway.routes[0].id=hello", "fluxor.gateway.routes[0].path=/hello",
				"fluxor.gateway.routes[0].methods=GET", "fluxor.gateway.routes[0].handler=helloHandler",
				"fluxor.gateway.routes[1].id=users", "fluxor.gateway.routes[1].path=/users/{id}",
				"fluxor.gateway.routes[1].handler=helloHandler", "fluxor.gateway.routes[1].timeout=1500ms")
		.withBean("helloHandler", GatewayHandler.class, () -> answering("hello"))
		.withBean("goodbyeHandler", GatewayHandler.class, () -> answering("goodbye"));

	private static GatewayHandler answering(String body) {
		return (request) -> Mono.just(HttpResponseMessage.ok(body));
	}

	private static String get(GatewayServer server, String uri) {
		return HttpClient.create()
			.get()
			.uri("http://127.0.0.1:" + server.port() + uri)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + text))
			.block(Duration.ofSeconds(10));
	}

	@Test
	void theRoutesSectionListsIdPathMethodsTargetAndTimeout() {
		this.contextRunner.run((context) -> {
			Object routes = context.getBean(FluxorEndpoint.class).section("routes");
			assertThat(routes).isEqualTo(List.of(
					Map.of("id", "hello", "path", "/hello", "methods", List.of("GET"), "target",
							Map.of("type", "handler", "handler", "helloHandler"), "timeout", "5s"),
					Map.of("id", "users", "path", "/users/{id}", "methods", List.of(), "target",
							Map.of("type", "handler", "handler", "helloHandler"), "timeout", "1500ms")));
		});
	}

	@Test
	void aPostReplacesTheRouteAndTheGatewayServesTheNewTargetAtOnce() {
		this.contextRunner.run((context) -> {
			GatewayServer server = context.getBean(GatewayServer.class);
			assertThat(get(server, "/hello")).isEqualTo("200 hello");
			WebEndpointResponse<Object> response = context.getBean(GatewayRoutesEndpointExtension.class)
				.updateRoute("routes", "hello", "/hello", "get, post", null, "goodbyeHandler", "2s", null, null, null);
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getBody()).isEqualTo(Map.of("id", "hello", "path", "/hello", "methods",
					List.of("GET", "POST"), "target", Map.of("type", "handler", "handler", "goodbyeHandler"), "timeout",
					"2s"));
			assertThat(get(server, "/hello")).isEqualTo("200 goodbye");
			assertThat(context.getBean(RouteRegistry.class).routes()).extracting(Route::id)
				.containsExactly("hello", "users");
		});
	}

	@Test
	void listsMayBeGivenAsJsonInAString() {
		this.contextRunner.run((context) -> {
			WebEndpointResponse<Object> response = context.getBean(GatewayRoutesEndpointExtension.class)
				.updateRoute("routes", "hello", "/hello", "[\"PUT\", \"delete\"]", null, "goodbyeHandler", null, null, null, null);
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(context.getBean(RouteRegistry.class).route("hello")).get()
				.extracting(Route::methods)
				.isEqualTo(java.util.Set.of("PUT", "DELETE"));
		});
	}

	@Test
	void aPostWithANewIdAddsTheRouteAfterTheOthers() {
		this.contextRunner.run((context) -> {
			WebEndpointResponse<Object> response = context.getBean(GatewayRoutesEndpointExtension.class)
				.updateRoute("routes", "bye", "/bye/**", null, null, "goodbyeHandler", null, null, null, null);
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(context.getBean(RouteRegistry.class).routes()).extracting(Route::id)
				.containsExactly("hello", "users", "bye");
			assertThat(get(context.getBean(GatewayServer.class), "/bye/now")).isEqualTo("200 goodbye");
		});
	}

	@Test
	void whenTheHandlerBeanDoesNotExistThenThePostIsRefusedWith400AndNothingChanges() {
		this.contextRunner.run((context) -> {
			RouteRegistry routes = context.getBean(RouteRegistry.class);
			Object before = routes.router();
			GatewayRoutesEndpointExtension extension = context.getBean(GatewayRoutesEndpointExtension.class);
			WebEndpointResponse<Object> response = extension.updateRoute("routes", "hello", "/hello", null, null,
					"missingHandler", null, null, null, null);
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getBody()).isEqualTo(
					Map.of("error", "route 'hello': handler: no GatewayHandler bean named 'missingHandler'"));
			assertThat(routes.router()).isSameAs(before);
			assertThat(get(context.getBean(GatewayServer.class), "/hello")).isEqualTo("200 hello");
		});
	}

	@Test
	void whenTheDefinitionBreaksARuleThenThe400NamesTheFieldAndTheRule() {
		this.contextRunner.run((context) -> {
			GatewayRoutesEndpointExtension extension = context.getBean(GatewayRoutesEndpointExtension.class);
			assertThat(extension.updateRoute("routes", "x", "/x", null, null, "helloHandler", "soon", null, null, null).getBody())
				.asString()
				.contains("route 'x': timeout: ");
			assertThat(extension.updateRoute("routes", "x", "/x", null, null, "helloHandler", "-1s", null, null, null).getBody())
				.isEqualTo(Map.of("error", "route 'x': timeout: must be positive but was PT-1S"));
			assertThat(extension.updateRoute("routes", "x", null, null, null, "helloHandler", null, null, null, null).getBody())
				.isEqualTo(Map.of("error", "route 'x': path: must not be empty"));
			assertThat(extension.updateRoute("routes", "x", "/x/{a}/{a}", null, null, "helloHandler", null, null, null, null).getBody())
				.asString()
				.startsWith("{error=route 'x': path: parameter 'a' appears twice");
			assertThat(extension.updateRoute("routes", "x", "/x", null, null, null, null, null, null, null).getBody())
				.isEqualTo(Map.of("error", "route 'x': must set exactly one of address, handler or upstreams but sets neither"));
			assertThat(extension.updateRoute("routes", "x", "/x", null, "bus.address", null, null, null, null, null).getBody())
				.isEqualTo(Map.of("error", "route 'x': address: needs an EventBus bean but there is none"));
			assertThat(extension.updateRoute("routes", "x", "/x", "G E T", null, "helloHandler", null, null, null, null).getBody())
				.isEqualTo(Map.of("error", "route 'x': methods: invalid HTTP method 'G E T'"));
			assertThat(extension.updateRoute("routes", "x", "/x", "[\"GET\"", null, "helloHandler", null, null, null, null).getBody())
				.asString()
				.startsWith("{error=route 'x': invalid JSON: ");
			assertThat(context.getBean(RouteRegistry.class).route("x")).isEmpty();
		});
	}

	@Test
	void aDeleteRemovesTheRouteAndAnUnknownIdIs404() {
		this.contextRunner.run((context) -> {
			GatewayRoutesEndpointExtension extension = context.getBean(GatewayRoutesEndpointExtension.class);
			WebEndpointResponse<Object> removed = extension.removeRoute("routes", "hello");
			assertThat(removed.getStatus()).isEqualTo(200);
			assertThat(removed.getBody()).asString().contains("id=hello");
			assertThat(get(context.getBean(GatewayServer.class), "/hello")).startsWith("404");
			assertThat(extension.removeRoute("routes", "hello").getStatus()).isEqualTo(404);
			assertThat(extension.route("routes", "hello").getStatus()).isEqualTo(404);
			assertThat(extension.route("routes", "users").getStatus()).isEqualTo(200);
		});
	}

	@Test
	void otherSectionsHaveNoEntriesToReadOrWrite() {
		this.contextRunner.run((context) -> {
			GatewayRoutesEndpointExtension extension = context.getBean(GatewayRoutesEndpointExtension.class);
			assertThat(extension.route("loops", "hello").getStatus()).isEqualTo(404);
			assertThat(extension.updateRoute("loops", "hello", "/x", null, null, "helloHandler", null, null, null, null).getStatus())
				.isEqualTo(404);
			assertThat(extension.removeRoute("loops", "hello").getStatus()).isEqualTo(404);
			assertThat(context.getBean(RouteRegistry.class).routes()).hasSize(2);
		});
	}

	@Test
	void whenTheEndpointIsNotAvailableThereIsNoExtensionButTheGatewayRuns() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(FluxorEndpoint.class)
				.doesNotHaveBean(GatewayRoutesEndpointExtension.class);
			assertThat(get(context.getBean(GatewayServer.class), "/hello")).isEqualTo("200 hello");
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheRouteRegistry() {
		RouteRegistry registry = RouteRegistry.of(List.of(Route.of("mine", "/mine",
				io.fluxor.gateway.route.RouteTarget.handler("mine", answering("mine")))));
		this.contextRunner.withBean(RouteRegistry.class, () -> registry).run((context) -> {
			assertThat(context.getBean(GatewayServer.class).routes()).isSameAs(registry);
			assertThat(get(context.getBean(GatewayServer.class), "/mine")).isEqualTo("200 mine");
			assertThat(context.getBean(FluxorEndpoint.class).section("routes")).asString().contains("id=mine");
		});
	}

}
