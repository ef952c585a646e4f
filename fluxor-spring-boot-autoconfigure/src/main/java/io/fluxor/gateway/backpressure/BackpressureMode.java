package io.fluxor.gateway.backpressure;

/**
 * How the gateway limits the requests it serves at once.
 */
public enum BackpressureMode {

	/**
	 * A fixed CCU budget: up to max-ccu × utilization / 100 requests run, the rest up to max-ccu
	 * wait in a bounded FIFO queue, beyond that 503 at once. Predictable, but the budget must be
	 * sized for the backends by hand.
	 */
	FIXED,

	/**
	 * A limit that follows the measured latency (Netflix concurrency-limits gradient, as Envoy's
	 * adaptive concurrency): over the limit, 503 at once, no queue. Needs
	 * {@code com.netflix.concurrency-limits:concurrency-limits-core}; reacts to slow backends without
	 * tuning, but the limit moves.
	 */
	ADAPTIVE

}
