package io.fluxor.sample;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.verticle.VerticleDeployer;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gateway handler beans of the sample, named by the routes in {@code application.yml}:
 * {@code GET /} and {@code GET /api/status}.
 */
@Configuration(proxyBeanMethods = false)
class SampleHandlers {

	private static final Mono<HttpResponseMessage> HELLO = Mono.just(HttpResponseMessage.ok("hello"));

	@Bean
	GatewayHandler helloHandler() {
		return (request) -> HELLO;
	}

	@Bean
	GatewayHandler statusHandler(EventLoopGroup loops, VerticleDeployer deployer, ObjectMapper json) {
		return (request) -> Mono.fromCallable(() -> HttpResponseMessage.json(json.writeValueAsString(status(loops, deployer))));
	}

	private static Map<String, Object> status(EventLoopGroup loops, VerticleDeployer deployer) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("status", "UP");
		status.put("uptime", Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).toString());
		List<Map<String, Object>> loopStates = loops.loops()
			.stream()
			.map((loop) -> Map.<String, Object>of("name", loop.name(), "queueLength", loop.queueLength(), "processed",
					loop.processedCount()))
			.toList();
		status.put("loops", loopStates);
		status.put("deployments", deployer.deployments());
		return status;
	}

}
