package io.fluxor.sample.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Publishes the demo upstreams' URLs as {@code fluxor.demo.upstreams.urls.<name>} (for example
 * {@code urls.fast-2}), so that the gateway routes in {@code application.yml} follow
 * {@code fluxor.demo.upstreams.base-port}. A base port of 0 is resolved here to a block of free ports,
 * so the routes and the upstreams agree on it.
 */
public class DemoUpstreamUrls implements EnvironmentPostProcessor {

	static final String BASE_PORT = "fluxor.demo.upstreams.base-port";

	static final String URLS = "fluxor.demo.upstreams.urls.";

	private static final int DEFAULT_BASE_PORT = 9001;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		int basePort = environment.getProperty(BASE_PORT, Integer.class, DEFAULT_BASE_PORT);
		Map<String, Object> properties = new HashMap<>();
		if (basePort == 0) {
			basePort = freeBlock();
			properties.put(BASE_PORT, basePort);
		}
		for (DemoUpstream upstream : DemoUpstream.values()) {
			properties.put(URLS + upstream.displayName(), "http://127.0.0.1:" + (basePort + upstream.offset()));
		}
		environment.getPropertySources().addFirst(new MapPropertySource("fluxorDemoUpstreamUrls", properties));
	}

	private static int freeBlock() {
		int size = DemoUpstream.values().length;
		for (int attempt = 0; attempt < 100; attempt++) {
			int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
			if (isFree(base, size)) {
				return base;
			}
		}
		throw new IllegalStateException("No block of " + size + " free ports found for the demo upstreams; set "
				+ BASE_PORT);
	}

	private static boolean isFree(int base, int size) {
		for (int port = base; port < base + size; port++) {
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				socket.setReuseAddress(true);
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

}
