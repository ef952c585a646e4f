package io.fluxor.autoconfigure.gateway;

/**
 * A gateway setting that cannot work, naming the property path and the rule it breaks, e.g.
 * {@code fluxor.gateway.routes[2].handler: no GatewayHandler bean named 'x'}.
 */
public class InvalidGatewayPropertyException extends RuntimeException {

	private final String property;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param property the full property path
	 * @param reason the rule it breaks
	 */
	public InvalidGatewayPropertyException(String property, String reason) {
		super(property + ": " + reason);
		this.property = property;
		this.reason = reason;
	}

	/**
	 * Returns the property path.
	 * @return the path, e.g. {@code fluxor.gateway.routes[2].handler}
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Returns the rule the value breaks.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
