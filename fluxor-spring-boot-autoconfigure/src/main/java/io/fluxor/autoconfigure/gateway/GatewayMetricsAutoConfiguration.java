package io.fluxor.autoconfigure.gateway;

import io.fluxor.gateway.GatewayMetrics;
import io.fluxor.metrics.MicrometerGatewayMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Records the gateway's requests, rejections and concurrency in the {@link MeterRegistry} when there
 * is one ({@code fluxor.http.requests}, {@code fluxor.http.request.duration},
 * {@code fluxor.server.*}; see {@link MicrometerGatewayMetrics}). Ordered after the actuator's
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

}
