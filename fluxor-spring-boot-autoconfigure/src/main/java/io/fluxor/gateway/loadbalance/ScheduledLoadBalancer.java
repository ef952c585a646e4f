package io.fluxor.gateway.loadbalance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Walks a precomputed cyclic schedule of upstream positions with one shared cursor. A choice
 * advances the cursor past the entry it takes (compare-and-set), so unavailable upstreams are
 * skipped without giving their share to the next entry: the available upstreams keep their
 * proportions.
 */
abstract class ScheduledLoadBalancer extends AbstractLoadBalancer {

	private final int[] schedule;

	private final AtomicLong cursor = new AtomicLong();

	ScheduledLoadBalancer(List<Upstream> upstreams, Predicate<Upstream> available, int[] schedule) {
		super(upstreams, available);
		this.schedule = schedule;
	}

	@Override
	public Upstream choose(Upstream excluding, Predicate<Upstream> refused) {
		int length = this.schedule.length;
		for (;;) {
			long current = this.cursor.get();
			int fallback = -1;
			int taken = -1;
			for (int step = 0; step < length; step++) {
				Upstream upstream = this.upstreams[this.schedule[(int) ((current + step) % length)]];
				if (!this.available.test(upstream) || refused.test(upstream)) {
					continue;
				}
				if (same(upstream, excluding)) {
					fallback = (fallback < 0) ? step : fallback;
					continue;
				}
				taken = step;
				break;
			}
			int step = (taken >= 0) ? taken : fallback;
			if (step < 0) {
				return null;
			}
			if (this.cursor.compareAndSet(current, current + step + 1)) {
				return this.upstreams[this.schedule[(int) ((current + step) % length)]];
			}
		}
	}

	/**
	 * Returns the schedule, for tests.
	 */
	final int[] schedule() {
		return this.schedule.clone();
	}

}
