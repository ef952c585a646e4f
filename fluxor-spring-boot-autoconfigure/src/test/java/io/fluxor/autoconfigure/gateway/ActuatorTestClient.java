package io.fluxor.autoconfigure.gateway;

import io.fluxor.autoconfigure.actuate.FluxorEndpointAutoConfiguration;
import io.fluxor.autoconfigure.gateway.GatewayTestClient.Response;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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

/**
 * A real HTTP client of the actuator of a test application on 127.0.0.1, one connection per
 * request, and the runner of such an application: the gateway with its filters and metrics and the
 * {@code fluxor} endpoint exposed on Spring Boot's web server, both on free ports, with a Prometheus
 * registry.
 */
final class ActuatorTestClient {

	private final HttpClient client;

	private ActuatorTestClient(int port) {
		this.client = HttpClient.newConnection().baseUrl("http://127.0.0.1:" + port);
	}

	/**
	 * Returns the runner of a gateway whose routes can be changed over the actuator.
	 * @return the runner
	 */
	static ReactiveWebApplicationContextRunner runner() {
		return new ReactiveWebApplicationContextRunner(AnnotationConfigReactiveWebServerApplicationContext::new)
			.withConfiguration(AutoConfigurations.of(ReactiveWebServerFactoryAutoConfiguration.class,
					HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class, JacksonAutoConfiguration.class,
					CodecsAutoConfiguration.class, EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
					ManagementContextAutoConfiguration.class, ReactiveManagementContextAutoConfiguration.class,
					GatewaySecurityAutoConfiguration.class, GatewayRateLimitAutoConfiguration.class,
					GatewayMetricsAutoConfiguration.class, GatewayAutoConfiguration.class,
					FluxorEndpointAutoConfiguration.class, GatewayEndpointAutoConfiguration.class))
			.withPropertyValues("server.address=127.0.0.1", "server.port=0",
					"management.endpoints.web.exposure.include=fluxor", "fluxor.gateway.host=127.0.0.1",
					"fluxor.gateway.port=0")
			.withBean(MeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
	}

	/**
	 * Returns a client of the actuator of a running application.
	 * @param context the application
	 * @return the client
	 */
	static ActuatorTestClient of(AssertableReactiveWebApplicationContext context) {
		return new ActuatorTestClient(
				((ReactiveWebServerApplicationContext) context.getSourceApplicationContext()).getWebServer().getPort());
	}

	Response post(String uri, String json) {
		return GatewayTestClient.exchange(this.client
			.headers((headers) -> headers.add("Content-Type", "application/json"))
			.post()
			.uri(uri)
			.send(ByteBufFlux.fromString(Mono.just(json))));
	}

	Response get(String uri) {
		return GatewayTestClient.exchange(this.client.get().uri(uri));
	}

	Response delete(String uri) {
		return GatewayTestClient.exchange(this.client.delete().uri(uri));
	}

}
