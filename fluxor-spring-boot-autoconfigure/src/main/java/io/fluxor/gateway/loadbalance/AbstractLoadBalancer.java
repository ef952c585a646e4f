package io.fluxor.gateway.loadbalance;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Holds the upstreams and the availability test shared by every strategy.
 */
abstract class AbstractLoadBalancer implements LoadBalancer {

	/** Refuses no upstream: the test of a first choice. */
	private static final Predicate<Upstream> NONE_REFUSED = (upstream) -> false;

	final Upstream[] upstreams;

	final Predicate<Upstream> available;

	private final List<Upstream> view;

	AbstractLoadBalancer(List<Upstream> upstreams, Predicate<Upstream> available) {
		Objects.requireNonNull(upstreams, "upstreams");
		if (upstreams.isEmpty()) {
			throw new IllegalArgumentException("A load balancer needs at least one upstream");
		}
		this.upstreams = upstreams.toArray(new Upstream[0]);
		this.view = List.of(this.upstreams);
		this.available = Objects.requireNonNull(available, "available");
	}

	@Override
	public List<Upstream> upstreams() {
		return this.view;
	}

	@Override
	public final Upstream choose(Upstream excluding) {
		return choose(excluding, NONE_REFUSED);
	}

	/**
	 * Returns the position of an upstream, or -1.
	 */
	final int indexOf(Upstream upstream) {
		for (int i = 0; i < this.upstreams.length; i++) {
			if (this.upstreams[i] == upstream) {
				return i;
			}
		}
		for (int i = 0; i < this.upstreams.length; i++) {
			if (this.upstreams[i].equals(upstream)) {
				return i;
			}
		}
		return -1;
	}

	static boolean same(Upstream upstream, Upstream excluding) {
		return excluding != null && (upstream == excluding || upstream.equals(excluding));
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + this.view;
	}

}
