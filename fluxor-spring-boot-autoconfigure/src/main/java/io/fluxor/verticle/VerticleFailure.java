package io.fluxor.verticle;

/**
 * An exception a verticle throws (or fails a future with) to fail a request with a chosen code,
 * for example 404 or 422, rather than the 500 any other exception gives.
 *
 * <p>It is an expected outcome, not a bug, so it carries no stack trace and is not logged.
 */
public class VerticleFailure extends RuntimeException {

	private final int code;

	/**
	 * Creates a failure.
	 * @param code the failure code the requester receives
	 * @param message the description the requester receives
	 */
	public VerticleFailure(int code, String message) {
		super(message, null, false, false);
		this.code = code;
	}

	/**
	 * Returns the failure code.
	 * @return the code
	 */
	public int code() {
		return this.code;
	}

}
