package io.fluxor.autoconfigure.gateway;

import java.time.Duration;

import io.fluxor.autoconfigure.actuate.FluxorEndpoint;
import io.fluxor.autoconfigure.actuate.FluxorEndpointSection;
import io.fluxor.eventbus.EventBus;
import io.fluxor.gateway.GatewayOptions;
import io.fluxor.gateway.route.RouteRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * The gateway's part of the {@code fluxor} actuator endpoint: a {@code routes} section with the live
 * routes, and the {@link GatewayRoutesEndpointExtension} that reads, replaces and removes one route
 * at {@code /actuator/fluxor/routes/{id}}. Ordered by class name after the gateway and the endpoint,
 * so the actuator stays optional.
 */
@AutoConfiguration(afterName = { "io.fluxor.autoconfigure.gateway.GatewayAutoConfiguration",
		"io.fluxor.autoconfigure.actuate.FluxorEndpointAutoConfiguration" })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(RouteRegistry.class)
public class GatewayEndpointAutoConfiguration {

	@Bean
	@Order(25)
	@ConditionalOnMissingBean(name = "fluxorRoutesSection")
	FluxorEndpointSection fluxorRoutesSection(RouteRegistry routes, ObjectProvider<GatewayOptions> options) {
		Duration defaultTimeout = defaultTimeout(options);
		return FluxorEndpointSection.of("routes",
				() -> routes.routes().stream().map((route) -> RouteDescriptions.describe(route, defaultTimeout)).toList());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(FluxorEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = FluxorEndpoint.class)
	GatewayRoutesEndpointExtension fluxorRoutesEndpointExtension(RouteRegistry routes, ListableBeanFactory beanFactory,
			ObjectProvider<EventBus> eventBus, ObjectProvider<GatewayOptions> options,
			ObjectProvider<ConfiguredRoutes> configuredRoutes) {
		return new GatewayRoutesEndpointExtension(routes, configuredRoutes
			.getIfAvailable(() -> new ConfiguredRoutes(beanFactory, eventBus.getIfAvailable() != null)),
				defaultTimeout(options));
	}

	private static Duration defaultTimeout(ObjectProvider<GatewayOptions> options) {
		GatewayOptions gatewayOptions = options.getIfAvailable();
		return (gatewayOptions != null) ? gatewayOptions.requestTimeout() : null;
	}

}
