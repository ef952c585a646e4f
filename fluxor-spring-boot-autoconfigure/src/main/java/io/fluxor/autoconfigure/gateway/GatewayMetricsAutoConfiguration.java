package io.fluxor.autoconfigure.gateway;

import io.fluxor.gateway.GatewayMetrics;
import io.fluxor.gateway.proxy.UpstreamMetrics;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.metrics.MicrometerGatewayMetrics;
import io.fluxor.metrics.MicrometerUpstreamMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Records the gateway's requests, rejections and concurrency in the {@link MeterRegistry} when there
 * is one ({@code fluxor.http.requests}, {@code fluxor.http.request.duration},
 * {@code fluxor.server.*}; see {@link MicrometerGatewayMetrics}), the attempts of routes to
 * upstreams ({@code fluxor.gateway.upstream.*}; see {@link MicrometerUpstreamMetrics}), their caches
 * and retries ({@code fluxor.cache.*}, {@code fluxor.retry.attempts}, following the live routes of
 * the {@link RouteRegistry}: see {@link UpstreamRouteMetricsBinder}) and, with resilience4j, the
 * upstreams' circuit breakers ({@code resilience4j.circuitbreaker.*}, following the breakers of the
 * registry, so the breakers of routes added at runtime too). Ordered after the actuator's
 * registry auto-configurations by name, so the actuator stays optional.
 */
@AutoConfiguration(before = GatewayAutoConfiguration.class,
		afterName = { "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "fluxor.gateway.enabled", matchIfMissing = true)
public class GatewayMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(GatewayMetrics.class)
	MicrometerGatewayMetrics fluxorGatewayMetrics(MeterRegistry registry) {
		return new MicrometerGatewayMetrics(registry);
	}

	@Bean
	@ConditionalOnMissingBean(UpstreamMetrics.class)
	MicrometerUpstreamMetrics fluxorUpstreamMetrics(MeterRegistry registry) {
		return new MicrometerUpstreamMetrics(registry);
	}

	@Bean
	UpstreamRouteMetricsBinder fluxorUpstreamRouteMetricsBinder(ObjectProvider<MeterRegistry> registry,
			ObjectProvider<RouteRegistry> routes, ObjectProvider<UpstreamMetrics> upstreamMetrics) {
		return new UpstreamRouteMetricsBinder(registry, routes, upstreamMetrics);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry",
			"io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics" })
	static class CircuitBreakerMetricsConfiguration {

		@Bean
		SmartInitializingSingleton fluxorCircuitBreakerMetricsBinder(ObjectProvider<MeterRegistry> registry,
				ObjectProvider<CircuitBreakerRegistry> breakers) {
			return () -> {
				CircuitBreakerRegistry registryOfBreakers = breakers.getIfAvailable();
				if (registryOfBreakers != null) {
					TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registryOfBreakers)
						.bindTo(registry.getObject());
				}
			};
		}

	}

}
