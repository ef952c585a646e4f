package io.fluxor.sample.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

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

	/** The other ports the app will bind, which a block chosen for base port 0 must not overlap. */
	private static final String[] OTHER_PORTS = { "fluxor.gateway.port", "server.port", "management.server.port" };

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		int basePort = environment.getProperty(BASE_PORT, Integer.class, DEFAULT_BASE_PORT);
		Map<String, Object> properties = new HashMap<>();
		if (basePort == 0) {
			Set<Integer> reserved = new HashSet<>();
			for (String property : OTHER_PORTS) {
				Integer port = environment.getProperty(property, Integer.class);
				if (port != null) {
					reserved.add(port);
				}
			}
			// below Linux's ephemeral range (32768-60999), where outgoing connections take their ports
			basePort = freeBlock(reserved, () -> ThreadLocalRandom.current().nextInt(20_000, 32_000));
			properties.put(BASE_PORT, basePort);
		}
		for (DemoUpstream upstream : DemoUpstream.values()) {
			properties.put(URLS + upstream.displayName(), "http://127.0.0.1:" + (basePort + upstream.offset()));
		}
		environment.getPropertySources().addFirst(new MapPropertySource("fluxorDemoUpstreamUrls", properties));
	}

	/**
	 * Picks a block of free loopback ports that overlaps none of the reserved ones: those are free
	 * now too, as the app binds them later, and a block taking one made the app fail to start.
	 */
	static int freeBlock(Set<Integer> reserved, IntSupplier candidates) {
		int size = DemoUpstream.values().length;
		for (int attempt = 0; attempt < 100; attempt++) {
			int base = candidates.getAsInt();
			if (!overlaps(base, size, reserved) && isFree(base, size)) {
				return base;
			}
		}
		throw new IllegalStateException("No block of " + size + " free ports found for the demo upstreams; set "
				+ BASE_PORT);
	}

	private static boolean overlaps(int base, int size, Set<Integer> reserved) {
		for (int port = base; port < base + size; port++) {
			if (reserved.contains(port)) {
				return true;
			}
		}
		return false;
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
