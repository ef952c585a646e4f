package io.fluxor.gateway.loadbalance;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The load-balancing strategies a route can name ({@code load-balancing: weighted-round-robin}).
 */
public enum LoadBalancingStrategy {

	/** Upstreams in turn, weights ignored: {@link RoundRobinLoadBalancer}. */
	ROUND_ROBIN,

	/** Smooth weighted round robin (nginx): {@link WeightedRoundRobinLoadBalancer}. */
	WEIGHTED_ROUND_ROBIN,

	/** Fewest requests in flight: {@link LeastConnectionsLoadBalancer}. */
	LEAST_CONNECTIONS,

	/** Fewer requests in flight of two random picks: {@link PowerOfTwoChoicesLoadBalancer}. */
	POWER_OF_TWO_CHOICES;

	/**
	 * Creates a balancer of this strategy.
	 * @param upstreams upstreams, at least one
	 * @param available whether an upstream may be chosen (e.g. its breaker is not open)
	 * @return a new balancer
	 */
	public LoadBalancer create(List<Upstream> upstreams, Predicate<Upstream> available) {
		return switch (this) {
			case ROUND_ROBIN -> new RoundRobinLoadBalancer(upstreams, available);
			case WEIGHTED_ROUND_ROBIN -> new WeightedRoundRobinLoadBalancer(upstreams, available);
			case LEAST_CONNECTIONS -> new LeastConnectionsLoadBalancer(upstreams, available);
			case POWER_OF_TWO_CHOICES -> new PowerOfTwoChoicesLoadBalancer(upstreams, available);
		};
	}

	/**
	 * Returns the configuration value, e.g. {@code least-connections}.
	 * @return the kebab-case name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Parses a configuration value ({@code round-robin}, {@code ROUND_ROBIN} and
	 * {@code round_robin} are alike).
	 * @param value the value
	 * @return the strategy
	 * @throws IllegalArgumentException naming the allowed values if none matches
	 */
	public static LoadBalancingStrategy from(String value) {
		String normalized = (value != null) ? value.trim().toLowerCase(Locale.ROOT).replace('_', '-') : "";
		for (LoadBalancingStrategy strategy : values()) {
			if (strategy.value().equals(normalized)) {
				return strategy;
			}
		}
		throw new IllegalArgumentException("Unknown load-balancing strategy '" + value
				+ "'; expected one of round-robin, weighted-round-robin, least-connections, power-of-two-choices");
	}

}
