package io.fluxor.gateway;

/**
 * A failure that a handler or filter raises to answer with a given HTTP status. Stackless: it is a
 * normal outcome, not a bug.
 */
public class GatewayException extends RuntimeException {

	private final int status;

	/**
	 * Creates the exception.
	 * @param status the HTTP status, 400 to 599
	 * @param message the reason, sent as the response body
	 */
	public GatewayException(int status, String message) {
		super(message, null, false, false);
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("status must be between 400 and 599 but was " + status);
		}
		this.status = status;
	}

	/**
	 * Returns the HTTP status.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

}
