package io.fluxor.sample.demo;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the {@link DemoUpstreams} with the application unless
 * {@code fluxor.demo.upstreams.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "fluxor.demo.upstreams.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DemoUpstreamsProperties.class)
public class DemoUpstreamsConfiguration {

	@Bean
	DemoUpstreams demoUpstreams(DemoUpstreamsProperties properties, ObjectProvider<ObjectMapper> objectMapper) {
		return new DemoUpstreams(properties.getBasePort(), properties.getSlowDelay(),
				objectMapper.getIfUnique(ObjectMapper::new));
	}

}
