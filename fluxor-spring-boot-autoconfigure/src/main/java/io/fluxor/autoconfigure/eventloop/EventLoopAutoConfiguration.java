package io.fluxor.autoconfigure.eventloop;

import io.fluxor.autoconfigure.FluxorProperties;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Creates the {@link EventLoopGroup} from {@code fluxor.event-loop.*}, started as soon as it exists
 * (idle loops cost no CPU with the default wait strategy) and shut down, draining, when the context
 * stops. Startup fails when {@code fluxor.shutdown-timeout} is longer than
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, which bounds every shutdown phase.
 */
@AutoConfiguration
@EnableConfigurationProperties({ EventLoopProperties.class, FluxorProperties.class })
public class EventLoopAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EventLoopOptions fluxorEventLoopOptions(EventLoopProperties properties,
			ObjectProvider<EventLoopOptionsCustomizer> customizers) {
		EventLoopOptions options = properties.toOptions();
		for (EventLoopOptionsCustomizer customizer : customizers.orderedStream().toList()) {
			options = customizer.customize(options);
		}
		return options;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EventLoopGroup fluxorEventLoopGroup(EventLoopOptions options) {
		return new EventLoopGroup(options).start();
	}

	@Bean
	@ConditionalOnMissingBean
	EventLoopGroupLifecycle fluxorEventLoopGroupLifecycle(EventLoopGroup group, FluxorProperties properties,
			Environment environment) {
		ShutdownPhaseTimeout.check(properties.getShutdownTimeout(), environment);
		return new EventLoopGroupLifecycle(group, properties.getShutdownTimeout());
	}

}
