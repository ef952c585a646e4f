package io.fluxor.autoconfigure.actuate;

import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Exposes the {@code fluxor} actuator endpoint when actuator is present and the endpoint is
 * available (each capability adds its {@link FluxorEndpointSection}), and the event loops' health
 * indicator.
 */
@AutoConfiguration(afterName = { "io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration",
		"io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration" })
@ConditionalOnClass(Endpoint.class)
public class FluxorEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	FluxorEndpoint fluxorEndpoint(ObjectProvider<FluxorEndpointSection> sections) {
		return new FluxorEndpoint(sections.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(EventLoopGroup.class)
	static class LoopsSectionConfiguration {

		@Bean
		@Order(0)
		@ConditionalOnMissingBean(name = "fluxorLoopsSection")
		FluxorEndpointSection fluxorLoopsSection(EventLoopGroup group) {
			return RuntimeEndpointSections.loops(group);
		}

		@Bean
		@ConditionalOnMissingBean(name = "fluxorEventLoopsHealthIndicator")
		@ConditionalOnEnabledHealthIndicator("fluxor-event-loops")
		EventLoopHealthIndicator fluxorEventLoopsHealthIndicator(EventLoopGroup group) {
			return new EventLoopHealthIndicator(group);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(EventBus.class)
	static class AddressesSectionConfiguration {

		@Bean
		@Order(10)
		@ConditionalOnMissingBean(name = "fluxorAddressesSection")
		FluxorEndpointSection fluxorAddressesSection(EventBus bus) {
			return RuntimeEndpointSections.addresses(bus.statistics());
		}

	}

}
