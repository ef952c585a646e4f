package io.fluxor.gateway.proxy;

/**
 * The metrics seam of the reverse proxy, with a {@link #noop() no-op} default; the Micrometer
 * implementation lives in {@code io.fluxor.metrics}.
 *
 * <p>Called on Netty I/O threads for every attempt: implementations must be cheap and must not
 * block.
 */
@FunctionalInterface
public interface UpstreamMetrics {

	/** The {@code upstream} tag of attempts that found no available upstream. */
	String NO_UPSTREAM = "none";

	/**
	 * Records one attempt.
	 * @param routeId the route id
	 * @param upstream the upstream's URL ({@code Upstream.id()}), or {@link #NO_UPSTREAM}
	 * @param outcome how the attempt ended
	 * @param durationNanos time from sending the request to the response headers or the failure;
	 * negative when no request was sent
	 */
	void attemptEnded(String routeId, String upstream, UpstreamOutcome outcome, long durationNanos);

	/**
	 * Called when a route to upstreams left the route table, to drop what is kept for it (its
	 * series). Requests that matched the route before it left may still end afterwards and record
	 * again. Does nothing by default.
	 * @param routeId the route id
	 */
	default void routeRemoved(String routeId) {
	}

	/**
	 * Returns metrics that record nothing.
	 * @return the no-op metrics
	 */
	static UpstreamMetrics noop() {
		return (routeId, upstream, outcome, durationNanos) -> {
		};
	}

}
