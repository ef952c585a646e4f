package io.fluxor.autoconfigure.verticle;

import io.fluxor.autoconfigure.FluxorProperties;
import io.fluxor.autoconfigure.actuate.FluxorEndpointSection;
import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.metrics.VerticleMetrics;
import io.fluxor.verticle.DefaultVerticleDeployer;
import io.fluxor.verticle.VerticleDeployer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
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
 * Deploys the {@link Verticle @Verticle} beans on the event bus with the context, supervised as
 * {@code fluxor.verticle.*} says, and exposes the {@link VerticleDeployer} for programmatic
 * deployments. With actuator: a {@code fluxorVerticles} health indicator for the readiness group
 * and the {@code deployments} section of the {@code fluxor} endpoint; with Micrometer: the
 * {@code fluxor.verticle.*} meters.
 */
@AutoConfiguration(afterName = { "io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration",
		"io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration" })
@ConditionalOnBean({ EventLoopGroup.class, EventBus.class })
@EnableConfigurationProperties({ VerticleProperties.class, FluxorProperties.class })
public class VerticleAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(VerticleDeployer.class)
	DefaultVerticleDeployer fluxorVerticleDeployer(EventLoopGroup group, EventBus bus) {
		return new DefaultVerticleDeployer(group, bus);
	}

	@Bean
	@ConditionalOnMissingBean
	VerticleDeploymentLifecycle fluxorVerticleDeploymentLifecycle(VerticleDeployer deployer,
			ConfigurableListableBeanFactory beanFactory, VerticleProperties properties,
			FluxorProperties fluxorProperties) {
		return new VerticleDeploymentLifecycle(deployer, beanFactory, properties, fluxorProperties.getShutdownTimeout());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class VerticleHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "fluxorVerticlesHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("fluxor-verticles")
		VerticleHealthIndicator fluxorVerticlesHealthIndicator(VerticleDeployer deployer) {
			return new VerticleHealthIndicator(deployer);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class VerticleEndpointConfiguration {

		@Bean
		@Order(20)
		@ConditionalOnMissingBean(name = "fluxorDeploymentsSection")
		FluxorEndpointSection fluxorDeploymentsSection(VerticleDeployer deployer) {
			return FluxorEndpointSection.of("deployments", deployer::deployments);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class VerticleMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		VerticleMetrics fluxorVerticleMetrics(VerticleDeployer deployer) {
			return new VerticleMetrics(deployer);
		}

	}

}
