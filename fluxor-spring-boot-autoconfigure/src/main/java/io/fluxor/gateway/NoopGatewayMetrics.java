package io.fluxor.gateway;

import io.fluxor.gateway.backpressure.ConcurrencyLimiter;
import io.fluxor.gateway.backpressure.RejectionReason;

/**
 * Metrics that record nothing.
 */
final class NoopGatewayMetrics implements GatewayMetrics {

	static final NoopGatewayMetrics INSTANCE = new NoopGatewayMetrics();

	private NoopGatewayMetrics() {
	}

	@Override
	public void requestServed(String method, String route, int status, long durationNanos) {
	}

	@Override
	public void requestRejected(RejectionReason reason) {
	}

	@Override
	public void bindLimiter(ConcurrencyLimiter limiter) {
	}

}
