package io.fluxor.gateway.loadbalance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Sends each request to the available upstream with the fewest requests in flight (ties broken at
 * random). Adapts to slow instances, at the cost of a scan of every upstream per choice; the scan
 * and the increment are not one atomic step, so concurrent choices may briefly pick the same
 * upstream, which only blurs the balance and never loses a count.
 */
public final class LeastConnectionsLoadBalancer extends InFlightLoadBalancer {

	/**
	 * Creates the balancer.
	 * @param upstreams upstreams, at least one
	 * @param available whether an upstream may be chosen (e.g. its breaker is not open)
	 */
	public LeastConnectionsLoadBalancer(List<Upstream> upstreams, Predicate<Upstream> available) {
		super(upstreams, available);
	}

	@Override
	public Upstream choose(Upstream excluding, Predicate<Upstream> refused) {
		int start = (this.upstreams.length == 1) ? 0 : ThreadLocalRandom.current().nextInt(this.upstreams.length);
		int index = leastLoaded(start, excluding, refused);
		return (index >= 0) ? acquire(index) : null;
	}

}
