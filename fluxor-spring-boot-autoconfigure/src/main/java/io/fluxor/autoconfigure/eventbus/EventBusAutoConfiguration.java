package io.fluxor.autoconfigure.eventbus;

import io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration;
import io.fluxor.eventbus.DefaultEventBus;
import io.fluxor.eventbus.EventBus;
import io.fluxor.eventbus.EventBusInterceptor;
import io.fluxor.eventloop.EventLoopGroup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Creates the {@link EventBus} on the event loops, with every {@link EventBusInterceptor} bean
 * applied in order. The bus is closed after the loops stopped, failing requests still waiting.
 */
@AutoConfiguration(after = EventLoopAutoConfiguration.class)
@ConditionalOnBean(EventLoopGroup.class)
public class EventBusAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(EventBus.class)
	DefaultEventBus fluxorEventBus(EventLoopGroup group, ObjectProvider<EventBusInterceptor> interceptors) {
		DefaultEventBus bus = new DefaultEventBus(group);
		interceptors.orderedStream().forEach(bus::addInterceptor);
		return bus;
	}

}
