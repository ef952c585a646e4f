package io.fluxor.autoconfigure.metrics;

import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.metrics.EventBusMetrics;
import io.fluxor.metrics.EventLoopMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the runtime's meters ({@code fluxor.eventloop.*}, {@code fluxor.eventbus.*}) to every
 * meter registry, when Micrometer is on the classpath.
 */
@AutoConfiguration(afterName = { "io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration",
		"io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration" })
@ConditionalOnClass(MeterBinder.class)
public class FluxorMetricsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(EventLoopGroup.class)
	static class EventLoopMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventLoopMetrics fluxorEventLoopMetrics(EventLoopGroup group) {
			return new EventLoopMetrics(group);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(EventBus.class)
	static class EventBusMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EventBusMetrics fluxorEventBusMetrics(EventBus bus) {
			return new EventBusMetrics(bus.statistics());
		}

	}

}
