package io.fluxor.autoconfigure.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.reactive.ReactiveManagementContextAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.HttpHandlerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.reactive.context.AnnotationConfigReactiveWebServerApplicationContext;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code fluxorpipelines} endpoint over real HTTP, where Spring Boot turns what the operations
 * return into statuses.
 */
class PipelinesEndpointHttpTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner(
			AnnotationConfigReactiveWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(ReactiveWebServerFactoryAutoConfiguration.class,
				HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class, JacksonAutoConfiguration.class,
				CodecsAutoConfiguration.class, EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				ManagementContextAutoConfiguration.class, ReactiveManagementContextAutoConfiguration.class,
				PipelineAutoConfiguration.class, PipelineEndpointAutoConfiguration.class))
		.withUserConfiguration(PipelineAutoConfigurationTests.LoopsConfiguration.class,
				PipelineAutoConfigurationTests.StagesConfiguration.class)
		.withPropertyValues("server.address=127.0.0.1", "server.port=0",
				"management.endpoints.web.exposure.include=fluxorpipelines",
				"fluxor.pipelines.endless.auto-startup=false", "fluxor.pipelines.endless.drain-timeout=2s",
				"fluxor.pipelines.endless.stages.forever.to=collect",
				"fluxor.pipelines.endless.stages.forever.bean=queue",
				"fluxor.pipelines.endless.stages.collect.type=loader");

	private static String post(AssertableReactiveWebApplicationContext context, String uri, String json) {
		return client(context).headers((headers) -> headers.add("Content-Type", "application/json"))
			.post()
			.uri(uri)
			.send(ByteBufFlux.fromString(Mono.just(json)))
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + text))
			.block(Duration.ofSeconds(10));
	}

	private static String get(AssertableReactiveWebApplicationContext context, String uri) {
		return client(context).get()
			.uri(uri)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + text))
			.block(Duration.ofSeconds(10));
	}

	private static HttpClient client(AssertableReactiveWebApplicationContext context) {
		int port = ((ReactiveWebServerApplicationContext) context.getSourceApplicationContext()).getWebServer()
			.getPort();
		return HttpClient.newConnection().baseUrl("http://127.0.0.1:" + port);
	}

	@Test
	void startingAndStoppingAnUnknownPipelineIsNotFound() {
		this.contextRunner.run((context) -> {
			assertThat(get(context, "/actuator/fluxorpipelines/nope")).startsWith("404");
			assertThat(post(context, "/actuator/fluxorpipelines/nope", "{\"action\": \"start\"}")).startsWith("404");
			assertThat(post(context, "/actuator/fluxorpipelines/nope", "{\"action\": \"stop\"}")).startsWith("404");
		});
	}

	@Test
	void startingAKnownPipelineAnswersItsSnapshotAndAnotherActionIsABadRequest() {
		this.contextRunner.run((context) -> {
			assertThat(post(context, "/actuator/fluxorpipelines/endless", "{\"action\": \"start\"}"))
				.startsWith("200 ")
				.contains("\"name\":\"endless\"", "\"state\":\"RUNNING\"");
			assertThat(post(context, "/actuator/fluxorpipelines/endless", "{\"action\": \"pause\"}")).startsWith("400");
			assertThat(post(context, "/actuator/fluxorpipelines/endless", "{\"action\": \"stop\"}"))
				.startsWith("200 ")
				.contains("\"state\":\"STOPPED\"");
		});
	}

	@Test
	void aReadOnlyEndpointRefusesStartAndStop() {
		this.contextRunner.withPropertyValues("management.endpoint.fluxorpipelines.access=READ_ONLY")
			.run((context) -> {
				assertThat(get(context, "/actuator/fluxorpipelines/endless")).startsWith("200");
				assertThat(post(context, "/actuator/fluxorpipelines/endless", "{\"action\": \"start\"}"))
					.doesNotStartWith("200");
			});
	}

}
