package io.fluxor.gateway.resilience;

/**
 * Records a 5xx response as a breaker failure. Stackless: it is created on the hot path of a
 * failing upstream and only ever read for its status.
 */
public final class UpstreamStatusException extends RuntimeException {

	private final int status;

	/**
	 * Creates the exception.
	 * @param status the upstream status
	 */
	public UpstreamStatusException(int status) {
		super("Upstream answered " + status, null, false, false);
		this.status = status;
	}

	/**
	 * Returns the upstream status.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

}
