package io.fluxor.metrics;

import java.time.Duration;

/**
 * The bucket boundaries of the gateway's latency histograms ({@code fluxor_http_request_duration_seconds}
 * and {@code fluxor_gateway_upstream_duration_seconds}): 16, from 250 µs to 30 s, fine where a
 * gateway's answers fall, from sub-millisecond cache hits to the seconds of a slow upstream. The
 * latency alerts' thresholds (0.2 s for p95, 1 s for p99) are boundaries, so they are read exactly.
 *
 * <p>Micrometer's percentile histogram would give 69 buckets to every method, route and status
 * series, which multiplies what each instance sends Prometheus and costs a longer search per
 * request. Spring Boot's {@code management.metrics.distribution.slo.<meter>} replaces these
 * boundaries and {@code management.metrics.distribution.percentiles-histogram.<meter>=true} adds
 * Micrometer's to them.
 */
final class LatencyBuckets {

	static final Duration[] BOUNDARIES = { Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
			Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
			Duration.ofSeconds(30) };

	private LatencyBuckets() {
	}

}
