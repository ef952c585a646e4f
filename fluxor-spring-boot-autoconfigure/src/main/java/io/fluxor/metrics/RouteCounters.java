package io.fluxor.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One counter per route and per constant of an enum (a reason, a scope), registered on first use
 * and cached, so counting allocates nothing; a route's counters leave the registry with it.
 *
 * @param <E> the enum whose constants tag the counters
 */
final class RouteCounters<E extends Enum<E>> {

	private final MeterRegistry registry;

	private final int constants;

	private final Function<String, Function<E, Counter.Builder>> builder;

	private final ConcurrentMap<String, Counter[]> counters = new ConcurrentHashMap<>();

	/**
	 * Creates the table.
	 * @param registry the registry
	 * @param type the enum type
	 * @param builder builds the counter of a route and a constant, tags included
	 */
	RouteCounters(MeterRegistry registry, Class<E> type, Function<String, Function<E, Counter.Builder>> builder) {
		this.registry = registry;
		this.constants = type.getEnumConstants().length;
		this.builder = builder;
	}

	/**
	 * Returns the counter of a route and a constant, registering it the first time.
	 */
	Counter counter(String route, E constant) {
		Counter[] byConstant = this.counters.computeIfAbsent(route, (key) -> new Counter[this.constants]);
		Counter counter = byConstant[constant.ordinal()];
		if (counter == null) {
			// Racing registrations return the same meter: the registry deduplicates by id.
			counter = this.builder.apply(route).apply(constant).register(this.registry);
			byConstant[constant.ordinal()] = counter;
		}
		return counter;
	}

	/**
	 * Removes a route's counters from the registry.
	 */
	void remove(String route) {
		Counter[] removed = this.counters.remove(route);
		if (removed != null) {
			for (Counter counter : removed) {
				if (counter != null) {
					this.registry.remove(counter);
				}
			}
		}
	}

}
