package io.fluxor.gateway.security;

/**
 * The metrics seam of authentication, with a {@link #noop() no-op} default so that the runtime
 * needs no metrics library; the Micrometer implementation ({@code fluxor.auth.rejected}) lives in
 * {@code io.fluxor.metrics}.
 *
 * <p>Called on Netty I/O threads for every refused request, a flood of forged tokens included:
 * implementations must be cheap, must not allocate per call once warm, and must not block.
 */
public interface AuthenticationMetrics {

	/**
	 * Records a request answered 401.
	 * @param route the id of the route
	 * @param reason why its token was refused
	 */
	void rejected(String route, JwtFailure reason);

	/**
	 * Called when a route's authentication left the route table (the route was removed, or replaced
	 * by one without authentication), to drop what is kept for it (its series). Requests that
	 * matched the route before may still be refused afterwards and record again. Does nothing by
	 * default.
	 * @param route the id of the route
	 */
	default void routeRemoved(String route) {
	}

	/**
	 * Returns metrics that record nothing.
	 * @return the no-op metrics
	 */
	static AuthenticationMetrics noop() {
		return (route, reason) -> {
		};
	}

}
