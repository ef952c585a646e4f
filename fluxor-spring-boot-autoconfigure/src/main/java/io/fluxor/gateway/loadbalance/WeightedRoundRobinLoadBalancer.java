package io.fluxor.gateway.loadbalance;

import java.util.List;
import java.util.function.Predicate;

/**
 * Smooth weighted round robin as nginx does it: each upstream gets its weight's share, spread
 * evenly over the cycle instead of in bursts (weights 5, 1, 1 give {@code a a b a c a a}).
 * <p>
 * Trade-off: nginx updates every upstream's "current weight" on each pick under a lock; this
 * implementation computes one cycle of that sequence up front (weights divided by their greatest
 * common divisor, at most {@value #MAX_CYCLE} entries) and walks it lock-free. Unavailable upstreams
 * are skipped in the cycle, so the others keep their relative shares.
 */
public final class WeightedRoundRobinLoadBalancer extends ScheduledLoadBalancer {

	/** Largest cycle (sum of the reduced weights) accepted. */
	public static final int MAX_CYCLE = 1 << 16;

	/**
	 * Creates the balancer.
	 * @param upstreams upstreams, at least one
	 * @param available whether an upstream may be chosen (e.g. its breaker is not open)
	 * @throws IllegalArgumentException if the reduced weights add up to more than
	 * {@value #MAX_CYCLE}
	 */
	public WeightedRoundRobinLoadBalancer(List<Upstream> upstreams, Predicate<Upstream> available) {
		super(upstreams, available, smoothCycle(upstreams));
	}

	static int[] smoothCycle(List<Upstream> upstreams) {
		int divisor = 0;
		for (Upstream upstream : upstreams) {
			divisor = gcd(divisor, upstream.weight());
		}
		int count = upstreams.size();
		int[] weights = new int[count];
		long total = 0;
		for (int i = 0; i < count; i++) {
			weights[i] = upstreams.get(i).weight() / Math.max(divisor, 1);
			total += weights[i];
		}
		if (total > MAX_CYCLE) {
			throw new IllegalArgumentException("Upstream weights " + upstreams + " reduce to a cycle of " + total
					+ " picks; the sum of the weights divided by their greatest common divisor must not exceed "
					+ MAX_CYCLE);
		}
		int[] cycle = new int[(int) total];
		long[] current = new long[count];
		for (int pick = 0; pick < cycle.length; pick++) {
			int best = 0;
			for (int i = 0; i < count; i++) {
				current[i] += weights[i];
				if (current[i] > current[best]) {
					best = i;
				}
			}
			current[best] -= total;
			cycle[pick] = best;
		}
		return cycle;
	}

	private static int gcd(int a, int b) {
		return (b == 0) ? a : gcd(b, a % b);
	}

}
