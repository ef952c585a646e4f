package io.fluxor.autoconfigure.pipeline;

import java.time.Duration;
import java.util.function.Function;

import io.fluxor.pipeline.PipelineRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Exposes the {@link PipelinesEndpoint} ({@code fluxorpipelines}) when actuator is present, a
 * {@link PipelineRegistry} exists and the endpoint is available (exposed and not disabled), with
 * its {@link PipelinesEndpointWebExtension}, which answers a start or stop of an unknown pipeline
 * over HTTP with 404.
 * Ordered by class name after {@link PipelineAutoConfiguration}, so the actuator stays optional.
 */
@AutoConfiguration(afterName = "io.fluxor.autoconfigure.pipeline.PipelineAutoConfiguration")
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(PipelineRegistry.class)
public class PipelineEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	PipelinesEndpoint pipelinesEndpoint(PipelineRegistry registry, ObjectProvider<PipelineLifecycle> lifecycle) {
		PipelineLifecycle pipelineLifecycle = lifecycle.getIfAvailable();
		Function<String, Duration> drainTimeouts = (pipelineLifecycle != null)
				? pipelineLifecycle::drainTimeout : (name) -> PipelineRegistry.DEFAULT_DRAIN_TIMEOUT;
		return new PipelinesEndpoint(registry, drainTimeouts);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(PipelinesEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = PipelinesEndpoint.class)
	PipelinesEndpointWebExtension pipelinesEndpointWebExtension(PipelinesEndpoint endpoint) {
		return new PipelinesEndpointWebExtension(endpoint);
	}

}
