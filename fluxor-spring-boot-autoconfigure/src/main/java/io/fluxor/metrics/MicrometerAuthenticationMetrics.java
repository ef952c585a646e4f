package io.fluxor.metrics;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.fluxor.gateway.security.AuthenticationMetrics;
import io.fluxor.gateway.security.JwtFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link AuthenticationMetrics} on Micrometer: the counter {@value #REJECTED}
 * ({@code fluxor_auth_rejected_total}) tagged {@code route} (route id) and {@code reason} (the
 * {@link JwtFailure} in lower-case with hyphens: {@code missing}, {@code unsigned},
 * {@code invalid-signature}, {@code expired}, ...). Counters are cached per route, so counting a
 * refusal allocates nothing; a route whose authentication leaves the route table takes its series
 * with it ({@link #routeRemoved}).
 */
public final class MicrometerAuthenticationMetrics implements AuthenticationMetrics {

	/** Requests answered 401, by route and reason. */
	public static final String REJECTED = "fluxor.auth.rejected";

	private static final String[] REASONS = reasons();

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Counter[]> counters = new ConcurrentHashMap<>();

	/**
	 * Creates the metrics.
	 * @param registry the registry
	 */
	public MicrometerAuthenticationMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Returns the {@code reason} tag of a failure.
	 * @param failure the failure
	 * @return the tag value
	 */
	public static String reasonTag(JwtFailure failure) {
		return REASONS[failure.ordinal()];
	}

	@Override
	public void rejected(String route, JwtFailure reason) {
		Counter[] byReason = this.counters.computeIfAbsent(route, (key) -> new Counter[REASONS.length]);
		Counter counter = byReason[reason.ordinal()];
		if (counter == null) {
			// Racing registrations return the same meter: the registry deduplicates by id.
			counter = Counter.builder(REJECTED)
				.description("Requests refused by authentication")
				.tag("route", route)
				.tag("reason", REASONS[reason.ordinal()])
				.register(this.registry);
			byReason[reason.ordinal()] = counter;
		}
		counter.increment();
	}

	@Override
	public void routeRemoved(String route) {
		Counter[] removed = this.counters.remove(route);
		if (removed != null) {
			for (Counter counter : removed) {
				if (counter != null) {
					this.registry.remove(counter);
				}
			}
		}
	}

	private static String[] reasons() {
		JwtFailure[] failures = JwtFailure.values();
		String[] tags = new String[failures.length];
		for (JwtFailure failure : failures) {
			tags[failure.ordinal()] = failure.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		return tags;
	}

}
