package io.fluxor.autoconfigure.gateway;

import org.springframework.core.env.Environment;

/**
 * Fails startup when the gateway would bind a port Spring Boot's own web server binds in a web
 * application: {@code server.port} (default 8080, unless negative) and {@code management.server.port}
 * when set. Port 0 never conflicts.
 */
public class GatewayPortGuard {

	private static final int DEFAULT_SERVER_PORT = 8080;

	/**
	 * Checks the ports.
	 * @param environment the environment
	 * @param properties the gateway properties
	 * @throws GatewayPortConflictException if a port is shared
	 */
	public GatewayPortGuard(Environment environment, GatewayProperties properties) {
		int port = properties.getPort();
		if (port == 0) {
			return;
		}
		Integer managementPort = environment.getProperty("management.server.port", Integer.class);
		if (managementPort != null && managementPort == port) {
			throw new GatewayPortConflictException(port, "management.server.port");
		}
		int serverPort = environment.getProperty("server.port", Integer.class, DEFAULT_SERVER_PORT);
		if (serverPort == port) {
			throw new GatewayPortConflictException(port, "server.port");
		}
	}

}
