package io.fluxor.autoconfigure.pipeline;

import io.fluxor.autoconfigure.actuate.FluxorEndpointSection;
import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.metrics.MicrometerPipelineMetrics;
import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineMetrics;
import io.fluxor.pipeline.PipelineRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of pipelines: a {@link PipelineRegistry} holding the pipelines declared under
 * {@code fluxor.pipelines} and every {@link Pipeline} bean, started and drained with the context by
 * a {@link PipelineLifecycle}, with Micrometer metrics, a health indicator and a {@code pipelines}
 * section of the {@code fluxor} endpoint when those are present.
 */
@AutoConfiguration(afterName = { "io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration",
		"io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBean(EventLoopGroup.class)
@EnableConfigurationProperties(PipelineProperties.class)
public class PipelineAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PipelineRegistry pipelineRegistry(ObjectProvider<PipelineMetrics> metrics) {
		return new PipelineRegistry(metrics.getIfAvailable(() -> PipelineMetrics.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	PipelineLifecycle pipelineLifecycle(PipelineRegistry registry, PipelineProperties properties, EventLoopGroup group,
			ObjectProvider<EventBus> eventBus, ObjectProvider<Pipeline> pipelines, BeanFactory beanFactory) {
		PipelineLifecycle lifecycle = new PipelineLifecycle(registry);
		for (Pipeline pipeline : ConfiguredPipelines.build(properties, group, eventBus.getIfAvailable(), beanFactory)) {
			PipelineProperties.Pipeline spec = properties.getPipelines().get(pipeline.name());
			registry.register(pipeline);
			lifecycle.configure(pipeline.name(), spec.isAutoStartup(), spec.getDrainTimeout());
		}
		pipelines.orderedStream().forEach((pipeline) -> {
			if (registry.find(pipeline.name()) != pipeline) {
				registry.register(pipeline);
			}
		});
		return lifecycle;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class PipelineMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PipelineMetrics pipelineMetrics(MeterRegistry meterRegistry) {
			return new MicrometerPipelineMetrics(meterRegistry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("fluxor-pipelines")
	static class PipelineHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "fluxorPipelinesHealthIndicator")
		PipelinesHealthIndicator fluxorPipelinesHealthIndicator(PipelineRegistry registry) {
			return new PipelinesHealthIndicator(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class PipelineEndpointConfiguration {

		@Bean
		@Order(30)
		@ConditionalOnMissingBean(name = "fluxorPipelinesSection")
		FluxorEndpointSection fluxorPipelinesSection(PipelineRegistry registry) {
			return FluxorEndpointSection.of("pipelines", registry::snapshots);
		}

	}

}
