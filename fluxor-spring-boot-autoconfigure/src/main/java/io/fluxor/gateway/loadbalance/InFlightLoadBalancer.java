package io.fluxor.gateway.loadbalance;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Predicate;

/**
 * Counts the requests in flight per upstream: a choice increments the chosen upstream's count,
 * {@link #release} decrements it.
 */
abstract class InFlightLoadBalancer extends AbstractLoadBalancer {

	final AtomicIntegerArray inFlight;

	InFlightLoadBalancer(List<Upstream> upstreams, Predicate<Upstream> available) {
		super(upstreams, available);
		this.inFlight = new AtomicIntegerArray(this.upstreams.length);
	}

	final Upstream acquire(int index) {
		this.inFlight.incrementAndGet(index);
		return this.upstreams[index];
	}

	/**
	 * Returns the available upstream with the fewest requests in flight, scanning from
	 * {@code start} so that ties are spread; {@code excluding} only when no other is available, a
	 * refused one never.
	 */
	final int leastLoaded(int start, Upstream excluding, Predicate<Upstream> refused) {
		int best = -1;
		int bestLoad = Integer.MAX_VALUE;
		int fallback = -1;
		int count = this.upstreams.length;
		for (int step = 0; step < count; step++) {
			int index = (start + step) % count;
			Upstream upstream = this.upstreams[index];
			if (!this.available.test(upstream) || refused.test(upstream)) {
				continue;
			}
			if (same(upstream, excluding)) {
				fallback = index;
				continue;
			}
			int load = this.inFlight.get(index);
			if (load < bestLoad) {
				best = index;
				bestLoad = load;
			}
		}
		return (best >= 0) ? best : fallback;
	}

	final boolean eligible(int index, Upstream excluding, Predicate<Upstream> refused) {
		Upstream upstream = this.upstreams[index];
		return this.available.test(upstream) && !refused.test(upstream) && !same(upstream, excluding);
	}

	@Override
	public void release(Upstream upstream) {
		int index = indexOf(upstream);
		if (index < 0) {
			throw new IllegalArgumentException(upstream + " is not an upstream of " + this);
		}
		// Never below zero, even if a caller releases twice.
		this.inFlight.getAndUpdate(index, (count) -> (count > 0) ? count - 1 : 0);
	}

	@Override
	public int inFlight(Upstream upstream) {
		int index = indexOf(upstream);
		return (index >= 0) ? this.inFlight.get(index) : 0;
	}

}
