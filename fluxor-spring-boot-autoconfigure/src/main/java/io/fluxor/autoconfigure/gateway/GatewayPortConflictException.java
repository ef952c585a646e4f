package io.fluxor.autoconfigure.gateway;

/**
 * The gateway would bind the port Spring Boot's own web server binds.
 */
public class GatewayPortConflictException extends RuntimeException {

	private final int port;

	private final String webServerProperty;

	/**
	 * Creates the exception.
	 * @param port the shared port
	 * @param webServerProperty the property that sets the web server's port
	 */
	public GatewayPortConflictException(int port, String webServerProperty) {
		super("fluxor.gateway.port (" + port + ") is the port of Spring Boot's web server (" + webServerProperty
				+ "); both servers cannot bind it");
		this.port = port;
		this.webServerProperty = webServerProperty;
	}

	/**
	 * Returns the shared port.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Returns the property that sets the web server's port.
	 * @return {@code server.port} or {@code management.server.port}
	 */
	public String getWebServerProperty() {
		return this.webServerProperty;
	}

}
