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
	 * Returns metrics that record nothing.
	 * @return the no-op metrics
	 */
	static RateLimitMetrics noop() {
		return (route, scope) -> {
		};
	}

}
