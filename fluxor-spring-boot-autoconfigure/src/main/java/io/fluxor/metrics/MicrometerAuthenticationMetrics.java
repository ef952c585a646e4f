package io.fluxor.metrics;

import java.util.Locale;

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

	private final RouteCounters<JwtFailure> counters;

	/**
	 * Creates the metrics.
	 * @param registry the registry
	 */
	public MicrometerAuthenticationMetrics(MeterRegistry registry) {
		this.counters = new RouteCounters<>(registry, JwtFailure.class, (route) -> (reason) -> Counter.builder(REJECTED)
			.description("Requests refused by authentication")
			.tag("route", route)
			.tag("reason", reasonTag(reason)));
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
		this.counters.counter(route, reason).increment();
	}

	@Override
	public void routeRemoved(String route) {
		this.counters.remove(route);
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
