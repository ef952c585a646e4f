package io.fluxor.autoconfigure.gateway;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

import org.springframework.beans.BeanUtils;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ReflectionUtils;

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

	/**
	 * Posts a body as the actuator does: each parameter of {@code updateRoute} after the selectors
	 * takes the body's value of the same name.
	 */
	@SuppressWarnings("unchecked")
	static WebEndpointResponse<Object> post(GatewayRoutesEndpointExtension extension, String section, String id,
			Map<String, String> body) {
		Method update = updateRoute();
		List<String> names = parameterNames(update);
		assertThat(names).as("parameters of updateRoute").containsAll(body.keySet());
		Object[] arguments = new Object[names.size() + 2];
		arguments[0] = section;
		arguments[1] = id;
		for (int i = 0; i < names.size(); i++) {
			arguments[i + 2] = body.get(names.get(i));
		}
		return (WebEndpointResponse<Object>) ReflectionUtils.invokeMethod(update, extension, arguments);
	}

	static WebEndpointResponse<Object> post(GatewayRoutesEndpointExtension extension, String id,
			Map<String, String> body) {
		return post(extension, "routes", id, body);
	}

	private static Method updateRoute() {
		return Arrays.stream(GatewayRoutesEndpointExtension.class.getMethods())
			.filter((method) -> method.getName().equals("updateRoute"))
			.findFirst()
			.orElseThrow();
	}

	/** The names of the parameters of {@code updateRoute} that take the body, after the selectors. */
	private static List<String> parameterNames(Method update) {
		return Arrays.stream(update.getParameters()).skip(2).map(Parameter::getName).toList();
	}

	@Test
	void aPostTakesEveryPropertyOfAYamlRouteUnderItsName() {
		Set<String> properties = new TreeSet<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(GatewayProperties.Route.class)) {
			properties.add(descriptor.getName());
		}
		properties.removeAll(Set.of("class", "id"));
		assertThat(new TreeSet<>(parameterNames(updateRoute()))).isEqualTo(properties);
	}

	@Test
	void theRoutesSectionListsIdPathMethodsTargetAndTimeout() {
		this.contextRunner.run((context) -> {
			Object routes = context.getBean(FluxorEndpoint.class).section("routes");
			assertThat(routes).isEqualTo(List.of(
					Map.of("id", "hello", "path", "/hello", "methods", List.of("GET", "HEAD"), "target",
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
			WebEndpointResponse<Object> response = post(context.getBean(GatewayRoutesEndpointExtension.class), "hello",
					Map.of("path", "/hello", "methods", "get, post", "handler", "goodbyeHandler", "timeout", "2s"));
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(response.getBody()).isEqualTo(Map.of("id", "hello", "path", "/hello", "methods",
					List.of("GET", "HEAD", "POST"), "target", Map.of("type", "handler", "handler", "goodbyeHandler"), "timeout",
					"2s"));
			assertThat(get(server, "/hello")).isEqualTo("200 goodbye");
			assertThat(context.getBean(RouteRegistry.class).routes()).extracting(Route::id)
				.containsExactly("hello", "users");
		});
	}

	@Test
	void listsMayBeGivenAsJsonInAString() {
		this.contextRunner.run((context) -> {
			WebEndpointResponse<Object> response = post(context.getBean(GatewayRoutesEndpointExtension.class), "hello",
					Map.of("path", "/hello", "methods", "[\"PUT\", \"delete\"]", "handler", "goodbyeHandler"));
			assertThat(response.getStatus()).isEqualTo(200);
			assertThat(context.getBean(RouteRegistry.class).route("hello")).get()
				.extracting(Route::methods)
				.isEqualTo(java.util.Set.of("PUT", "DELETE"));
		});
	}

	@Test
	void aPostWithANewIdAddsTheRouteAfterTheOthers() {
		this.contextRunner.run((context) -> {
			WebEndpointResponse<Object> response = post(context.getBean(GatewayRoutesEndpointExtension.class), "bye",
					Map.of("path", "/bye/**", "handler", "goodbyeHandler"));
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
			WebEndpointResponse<Object> response = post(extension, "hello",
					Map.of("path", "/hello", "handler", "missingHandler"));
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
			assertThat(post(extension, "x", Map.of("path", "/x", "handler", "helloHandler", "timeout", "soon")).getBody())
				.asString()
				.contains("route 'x': timeout: ");
			assertThat(post(extension, "x", Map.of("path", "/x", "handler", "helloHandler", "timeout", "-1s")).getBody())
				.isEqualTo(Map.of("error", "route 'x': timeout: must be positive but was PT-1S"));
			assertThat(post(extension, "x", Map.of("handler", "helloHandler")).getBody())
				.isEqualTo(Map.of("error", "route 'x': path: must not be empty"));
			assertThat(post(extension, "x", Map.of("path", "/x/{a}/{a}", "handler", "helloHandler")).getBody())
				.asString()
				.startsWith("{error=route 'x': path: parameter 'a' appears twice");
			assertThat(post(extension, "x", Map.of("path", "/x")).getBody())
				.isEqualTo(Map.of("error", "route 'x': must set exactly one of address, handler or upstreams but sets neither"));
			assertThat(post(extension, "x", Map.of("path", "/x", "address", "bus.address")).getBody())
				.isEqualTo(Map.of("error", "route 'x': address: needs an EventBus bean but there is none"));
			assertThat(post(extension, "x", Map.of("path", "/x", "methods", "G E T", "handler", "helloHandler")).getBody())
				.isEqualTo(Map.of("error", "route 'x': methods: invalid HTTP method 'G E T'"));
			assertThat(post(extension, "x", Map.of("path", "/x", "methods", "[\"GET\"", "handler", "helloHandler")).getBody())
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
			assertThat(post(extension, "loops", "hello", Map.of("path", "/x", "handler", "helloHandler")).getStatus())
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
