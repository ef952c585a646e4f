package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.autoconfigure.FluxorProperties;
import io.fluxor.eventbus.EventBus;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayMetrics;
import io.fluxor.gateway.GatewayOptions;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.proxy.UpstreamClient;
import io.fluxor.gateway.proxy.UpstreamMetrics;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.Router;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The gateway's HTTP server on {@code fluxor.gateway.port}: {@link GatewayOptions} and the
 * {@link Router} from {@link GatewayProperties} (the routes at startup), the {@link RouteRegistry}
 * that holds the live routes and can replace them at runtime, every {@link GatewayFilter} bean, the
 * {@link EventBus} when there is one, the {@link GatewayMetrics} when metrics are configured, and a
 * {@link GatewayServerLifecycle} that starts it last and stops it first. Routes to upstreams share
 * one pooled {@link UpstreamClient} and, when resilience4j is present, one
 * {@link CircuitBreakerRegistry} (the application's own, if it defines one), which holds the breakers
 * of the upstreams the live routes list ({@link UpstreamCircuitBreakerBinder}).
 *
 * <p>Routes name their handlers by bean name; settings that cannot work fail startup with an
 * {@link InvalidGatewayPropertyException} naming the property. In a web application, a port shared
 * with Spring Boot's web server fails startup with a {@link GatewayPortConflictException}.
 */
@AutoConfiguration(afterName = "io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration")
@ConditionalOnBooleanProperty(name = "fluxor.gateway.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ GatewayProperties.class, FluxorProperties.class })
public class GatewayAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GatewayOptions fluxorGatewayOptions(GatewayProperties properties) {
		return GatewayRouteFactory.options(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	Router fluxorGatewayRouter(GatewayProperties properties, ListableBeanFactory beanFactory,
			ObjectProvider<EventBus> eventBus, UpstreamRouteFactory upstreams,
			ObjectProvider<RoutePolicyFactory> policies, Environment environment) {
		UnknownGatewayProperties.check(environment);
		return GatewayRouteFactory.router(properties, beanFactory.getBeansOfType(GatewayHandler.class),
				eventBus.getIfAvailable() != null, upstreams, policies.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	UpstreamRouteFactory fluxorUpstreamRouteFactory(GatewayProperties properties, ListableBeanFactory beanFactory,
			UpstreamClient upstreamClient, ObjectProvider<UpstreamMetrics> upstreamMetrics) {
		UpstreamRouteFactory factory = new UpstreamRouteFactory(properties.getDefaults(), properties.getRequestTimeout(),
				upstreamClient, () -> CircuitBreakerConfiguration.registry(beanFactory),
				upstreamMetrics.getIfAvailable(UpstreamMetrics::noop), BeanClassLoader.of(beanFactory));
		factory.validateDefaults();
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	ConfiguredRoutes fluxorConfiguredRoutes(ListableBeanFactory beanFactory, ObjectProvider<EventBus> eventBus,
			UpstreamRouteFactory upstreams, ObjectProvider<RoutePolicyFactory> policies) {
		return new ConfiguredRoutes(beanFactory, eventBus.getIfAvailable() != null, upstreams,
				policies.orderedStream().toList());
	}

	@Bean(destroyMethod = "dispose")
	@ConditionalOnMissingBean
	UpstreamClient fluxorUpstreamClient(GatewayProperties properties) {
		return UpstreamClient.create(GatewayRouteFactory.clientOptions(properties.getConnectionPool()));
	}

	@Bean
	@ConditionalOnMissingBean
	RouteRegistry fluxorGatewayRouteRegistry(Router router) {
		return RouteRegistry.of(router);
	}

	@Bean
	@ConditionalOnMissingBean
	GatewayServer fluxorGatewayServer(GatewayOptions options, RouteRegistry routes,
			ObjectProvider<GatewayFilter> filters, ObjectProvider<EventBus> eventBus,
			ObjectProvider<GatewayMetrics> metrics, ObjectProvider<ObjectMapper> objectMapper) {
		List<GatewayFilter> ordered = filters.orderedStream().toList();
		return GatewayServer.builder(routes)
			.options(options)
			.filters(ordered)
			.eventBus(eventBus.getIfAvailable())
			.metrics(metrics.getIfAvailable(GatewayMetrics::noop))
			.objectMapper(objectMapper.getIfUnique(ObjectMapper::new))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	GatewayServerLifecycle fluxorGatewayServerLifecycle(GatewayServer server, FluxorProperties fluxorProperties) {
		Duration timeout = fluxorProperties.getShutdownTimeout();
		return new GatewayServerLifecycle(server, timeout);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry")
	static class CircuitBreakerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CircuitBreakerRegistry fluxorCircuitBreakerRegistry() {
			return CircuitBreakerRegistry.ofDefaults();
		}

		@Bean
		UpstreamCircuitBreakerBinder fluxorUpstreamCircuitBreakerBinder(ObjectProvider<RouteRegistry> routes) {
			return new UpstreamCircuitBreakerBinder(routes);
		}

		static Object registry(ListableBeanFactory beanFactory) {
			return beanFactory.getBeanProvider(CircuitBreakerRegistry.class).getIfAvailable();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	static class PortConflictConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GatewayPortGuard fluxorGatewayPortGuard(Environment environment, GatewayProperties properties) {
			return new GatewayPortGuard(environment, properties);
		}

		// Nothing asks for the guard: with spring.main.lazy-initialization it would never check.
		@Bean
		static LazyInitializationExcludeFilter fluxorGatewayPortGuardLazyInitializationExcludeFilter() {
			return LazyInitializationExcludeFilter.forBeanTypes(GatewayPortGuard.class);
		}

	}

}
