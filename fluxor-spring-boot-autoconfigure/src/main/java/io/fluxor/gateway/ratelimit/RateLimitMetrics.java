package io.fluxor.gateway.ratelimit;

/**
 * The metrics seam of rate limiting, with a {@link #noop() no-op} default so that the runtime needs
 * no metrics library; the Micrometer implementation ({@code fluxor.ratelimit.rejected}) lives in
 * {@code io.fluxor.metrics}.
 *
 * <p>Called on Netty I/O threads for every rejected request, a flood included: implementations must
 * be cheap, must not allocate per call once warm, and must not block.
 */
public interface RateLimitMetrics {

	/**
	 * Records a request answered 429.
	 * @param route the id of the route
	 * @param scope the limit that refused it
	 */
	void rejected(String route, RateLimitScope scope);

	/**
	 * Called when a route's limits left the route table (the route was removed, or replaced by one
	 * with other scopes or none), to drop what is kept for it (its series). Requests that matched the
	 * route before may still be refused afterwards and record again. Does nothing by default.
	 * @param route the id of the route
	 */
	default void routeRemoved(String route) {
	}

	/**
	 * Returns metrics that record nothing.
	 * @return the no-op metrics
	 */
	static RateLimitMetrics noop() {
		return (route, scope) -> {
		};
	}

}
