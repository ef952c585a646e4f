package io.fluxor.gateway.loadbalance;

import java.util.List;
import java.util.function.Predicate;

/**
 * Chooses the upstream of each request among a route's upstreams, skipping those that are
 * unavailable (typically: their circuit breaker is open).
 * <p>
 * Contract: every non-null result of {@link #choose} must be matched by exactly one
 * {@link #release} when the exchange with that upstream ends, whatever the outcome (strategies
 * that balance by in-flight requests count them; the others ignore the call). Implementations are
 * thread-safe, lock-free and allocate nothing per choice.
 */
public interface LoadBalancer {

	/**
	 * Chooses an upstream.
	 * @return the upstream, or {@code null} when every upstream is unavailable
	 */
	default Upstream choose() {
		return choose(null);
	}

	/**
	 * Chooses an upstream other than {@code excluding} (the one a retry has just failed on). When
	 * {@code excluding} is the only available upstream it is returned anyway: retrying the same
	 * instance beats not retrying at all on a single-upstream route.
	 * @param excluding upstream to avoid, or {@code null}
	 * @return the upstream, or {@code null} when every upstream is unavailable
	 */
	Upstream choose(Upstream excluding);

	/**
	 * Chooses again when the caller could not use its choice: as {@link #choose(Upstream)}, but
	 * never an upstream that {@code refused} holds, not even {@code excluding} as the last resort.
	 * For upstreams that turned the request away once chosen (a half-open breaker with its trial
	 * calls taken), so that a retry still avoids the upstream it failed on.
	 * @param excluding upstream to avoid, or {@code null}
	 * @param refused the upstreams that turned this request away
	 * @return the upstream, or {@code null} when every upstream is unavailable or refused
	 */
	Upstream choose(Upstream excluding, Predicate<Upstream> refused);

	/**
	 * Ends an exchange started by a choice of {@code upstream}.
	 * @param upstream an upstream returned by {@link #choose}
	 */
	default void release(Upstream upstream) {
	}

	/**
	 * Returns the requests in flight to an upstream, as far as this strategy counts them.
	 * @param upstream one of {@link #upstreams()}
	 * @return the count, 0 for strategies that do not count
	 */
	default int inFlight(Upstream upstream) {
		return 0;
	}

	/**
	 * Returns the upstreams, in configuration order.
	 * @return an unmodifiable list
	 */
	List<Upstream> upstreams();

}
