package io.fluxor.gateway;

import io.fluxor.gateway.backpressure.ConcurrencyLimiter;
import io.fluxor.gateway.backpressure.RejectionReason;

/**
 * The metrics seam of the gateway: what the server reports, with a {@link #noop() no-op} default so
 * that the runtime needs no metrics library. The Micrometer implementation lives in
 * {@code io.fluxor.metrics}.
 *
 * <p>Called on Netty I/O threads for every request: implementations must be cheap and must not
 * block.
 */
public interface GatewayMetrics {

	/** The {@code path} label of requests that matched no route. */
	String UNMATCHED = "UNMATCHED";

	/**
	 * Records a served request, rejected ones included.
	 * @param method the upper-case method
	 * @param route the route template, or {@link #UNMATCHED}
	 * @param status the response status
	 * @param durationNanos the time from arrival to response
	 */
	void requestServed(String method, String route, int status, long durationNanos);

	/**
	 * Returns a recorder of the requests of one route and method, to look up once and reuse: the
	 * server keeps one per route, so that recording a request need not find its meters again.
	 * @param method the upper-case method
	 * @param route the route template
	 * @return the recorder; by default it calls {@link #requestServed}
	 */
	default RequestRecorder recorder(String method, String route) {
		return (status, durationNanos) -> requestServed(method, route, status, durationNanos);
	}

	/**
	 * Records the served requests of one route and method.
	 */
	@FunctionalInterface
	interface RequestRecorder {

		/**
		 * Records a served request.
		 * @param status the response status
		 * @param durationNanos the time from arrival to response
		 */
		void record(int status, long durationNanos);

	}

	/**
	 * Records a request the limiter refused; it is also recorded by {@link #requestServed}.
	 * @param reason why it was refused
	 */
	void requestRejected(RejectionReason reason);

	/**
	 * Binds gauges of the limiter's state, called when the server starts.
	 * @param limiter the limiter
	 */
	void bindLimiter(ConcurrencyLimiter limiter);

	/**
	 * Returns metrics that record nothing.
	 * @return the no-op metrics
	 */
	static GatewayMetrics noop() {
		return NoopGatewayMetrics.INSTANCE;
	}

}
