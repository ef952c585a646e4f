package io.fluxor.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.fluxor.gateway.GatewayMetrics;
import io.fluxor.gateway.backpressure.ConcurrencyLimiter;
import io.fluxor.gateway.backpressure.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopTimer;

/**
 * {@link GatewayMetrics} on Micrometer.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Name (Prometheus)</th><th>Type</th><th>Tags</th></tr>
 * <tr><td>{@value #REQUESTS} ({@code fluxor_http_requests_total})</td><td>counter</td><td>method, path, status</td></tr>
 * <tr><td>{@value #REQUEST_DURATION} ({@code fluxor_http_request_duration_seconds})</td><td>timer with
 * histogram, 250 µs to 30 s</td><td>method, path, status</td></tr>
 * <tr><td>{@value #REJECTED} ({@code fluxor_server_rejected_requests_total})</td><td>counter</td><td>reason</td></tr>
 * <tr><td>{@value #ACTIVE} ({@code fluxor_server_active_requests})</td><td>gauge</td><td></td></tr>
 * <tr><td>{@value #QUEUED} ({@code fluxor_server_queued_requests})</td><td>gauge</td><td></td></tr>
 * <tr><td>{@value #MAX_CCU} ({@code fluxor_server_max_ccu})</td><td>gauge</td><td></td></tr>
 * </table>
 *
 * <p>A request whose client went away before its response is counted with {@code status} 499, as
 * nginx counts it.
 *
 * <p>{@code path} is the route template or {@link GatewayMetrics#UNMATCHED} and {@code method} one of
 * the standard methods or {@code OTHER}, so the number of series is bounded by the configuration,
 * not the traffic. Meters are looked up once per (template,
 * method, status) and cached in nested maps keyed by the strings the router and Netty already hold,
 * so recording a request allocates nothing once its meters exist; a {@link #recorder recorder}
 * holds the meters of its route and method and skips the map lookups.
 */
public final class MicrometerGatewayMetrics implements GatewayMetrics {

	/** Requests served, by method, route template and status. */
	public static final String REQUESTS = "fluxor.http.requests";

	/** Time from arrival to response, by method, route template and status. */
	public static final String REQUEST_DURATION = "fluxor.http.request.duration";

	/** Requests shed by backpressure, by reason. */
	public static final String REJECTED = "fluxor.server.rejected.requests";

	/** Requests holding a permit. */
	public static final String ACTIVE = "fluxor.server.active.requests";

	/** Requests waiting for a permit. */
	public static final String QUEUED = "fluxor.server.queued.requests";

	/** The configured max CCU. */
	public static final String MAX_CCU = "fluxor.server.max.ccu";

	private static final String REQUESTS_DESCRIPTION = "HTTP requests served by the gateway";

	private static final int MIN_STATUS = 100;

	private static final int MAX_STATUS = 599;

	private final MeterRegistry registry;

	private final ConcurrentMap<String, ConcurrentMap<String, AtomicReferenceArray<RequestMeters>>> meters = new ConcurrentHashMap<>();

	private final Counter[] rejected;

	/**
	 * Creates the metrics and registers the rejection counters.
	 * @param registry the registry
	 */
	public MicrometerGatewayMetrics(MeterRegistry registry) {
		this.registry = registry;
		RejectionReason[] reasons = RejectionReason.values();
		this.rejected = new Counter[reasons.length];
		for (RejectionReason reason : reasons) {
			this.rejected[reason.ordinal()] = Counter.builder(REJECTED)
				.description("Requests shed by backpressure")
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

	@Override
	public void requestServed(String method, String route, int status, long durationNanos) {
		String tag = methodTag(method);
		meters(byStatus(tag, route), tag, route, status).record(durationNanos);
	}

	@Override
	public RequestRecorder recorder(String method, String route) {
		String tag = methodTag(method);
		AtomicReferenceArray<RequestMeters> byStatus = byStatus(tag, route);
		return (status, durationNanos) -> meters(byStatus, tag, route, status).record(durationNanos);
	}

	@Override
	public void requestRejected(RejectionReason reason) {
		this.rejected[reason.ordinal()].increment();
	}

	@Override
	public void bindLimiter(ConcurrencyLimiter limiter) {
		Gauge.builder(ACTIVE, limiter, ConcurrencyLimiter::active)
			.description("Requests holding a concurrency permit")
			.strongReference(true)
			.register(this.registry);
		Gauge.builder(QUEUED, limiter, ConcurrencyLimiter::queued)
			.description("Requests waiting for a concurrency permit")
			.strongReference(true)
			.register(this.registry);
		Gauge.builder(MAX_CCU, limiter, ConcurrencyLimiter::maxCcu)
			.description("Running plus queued requests before requests are shed")
			.strongReference(true)
			.register(this.registry);
	}

	private static String methodTag(String method) {
		return switch (method) {
			case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT" -> method;
			default -> "OTHER";
		};
	}

	private AtomicReferenceArray<RequestMeters> byStatus(String method, String route) {
		return this.meters.computeIfAbsent(route, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(method, (key) -> new AtomicReferenceArray<>(MAX_STATUS - MIN_STATUS + 1));
	}

	private RequestMeters meters(AtomicReferenceArray<RequestMeters> byStatus, String method, String route,
			int status) {
		int index = (status < MIN_STATUS || status > MAX_STATUS) ? 0 : status - MIN_STATUS;
		RequestMeters meters = byStatus.get(index);
		if (meters == null) {
			// registered by one thread only: Micrometer logs a warning for a function counter registered twice
			synchronized (byStatus) {
				meters = byStatus.get(index);
				if (meters == null) {
					meters = new RequestMeters(this.registry, method, route, Integer.toString(status));
					byStatus.set(index, meters);
				}
			}
		}
		return meters;
	}

	/**
	 * The meters of one method, route and status. The request counter reads the timer's count, so a
	 * request costs one recording, not two; when a meter filter turns the timer off, the counter
	 * counts on its own.
	 */
	private static final class RequestMeters {

		final Counter requests;

		final Timer duration;

		RequestMeters(MeterRegistry registry, String method, String route, String status) {
			Tags tags = Tags.of("method", method, "path", route, "status", status);
			this.duration = Timer.builder(REQUEST_DURATION)
				.description("Time from the arrival of a request to its response")
				.tags(tags)
				.serviceLevelObjectives(LatencyBuckets.BOUNDARIES)
				.register(registry);
			if (this.duration instanceof NoopTimer) {
				this.requests = Counter.builder(REQUESTS).description(REQUESTS_DESCRIPTION).tags(tags).register(registry);
			}
			else {
				this.requests = null;
				FunctionCounter.builder(REQUESTS, this.duration, Timer::count)
					.description(REQUESTS_DESCRIPTION)
					.tags(tags)
					.register(registry);
			}
		}

		void record(long durationNanos) {
			if (this.requests != null) {
				this.requests.increment();
			}
			this.duration.record(durationNanos, TimeUnit.NANOSECONDS);
		}

	}

}
