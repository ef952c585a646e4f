package io.fluxor.gateway.loadbalance;

import java.util.List;
import java.util.function.Predicate;

/**
 * Takes the upstreams in turn, ignoring weights. Cheapest strategy (one compare-and-set per
 * choice) and fair when instances are alike; blind to slow instances, which keep getting their
 * share.
 */
public final class RoundRobinLoadBalancer extends ScheduledLoadBalancer {

	/**
	 * Creates the balancer.
	 * @param upstreams upstreams, at least one
	 * @param available whether an upstream may be chosen (e.g. its breaker is not open)
	 */
	public RoundRobinLoadBalancer(List<Upstream> upstreams, Predicate<Upstream> available) {
		super(upstreams, available, sequence(upstreams.size()));
	}

	private static int[] sequence(int count) {
		int[] schedule = new int[count];
		for (int i = 0; i < count; i++) {
			schedule[i] = i;
		}
		return schedule;
	}

}
