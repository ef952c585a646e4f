package io.fluxor.metrics;

import io.fluxor.eventbus.AddressStatistics;
import io.fluxor.eventbus.DeliveryFailure;
import io.fluxor.eventbus.EventBusStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the event bus per address ({@code fluxor.eventbus.messages} by kind,
 * {@code fluxor.eventbus.failures} by failure) and the requests awaiting a reply. Addresses are
 * bound as they appear; messages to addresses without consumers share the {@code unrouted} address
 * tag, so the number of series follows the code, not the traffic.
 */
public class EventBusMetrics implements MeterBinder {

	private final EventBusStatistics statistics;

	/**
	 * Creates the binder.
	 * @param statistics the bus's statistics
	 */
	public EventBusMetrics(EventBusStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("fluxor.eventbus.pending.replies", this.statistics, EventBusStatistics::pendingReplies)
			.description("Requests waiting for a reply")
			.register(registry);
		this.statistics.onAddressTracked((address) -> bindAddress(registry, address));
	}

	private static void bindAddress(MeterRegistry registry, AddressStatistics address) {
		Tags tags = Tags.of("address", address.address());
		message(registry, tags, "sent", address, AddressStatistics::sent);
		message(registry, tags, "published", address, AddressStatistics::published);
		message(registry, tags, "received", address, AddressStatistics::received);
		message(registry, tags, "replied", address, AddressStatistics::replied);
		for (DeliveryFailure failure : DeliveryFailure.values()) {
			FunctionCounter.builder("fluxor.eventbus.failures", address, (stats) -> stats.failures(failure))
				.tags(tags.and("failure", failure.tag()))
				.description("Messages that could not be delivered or answered, by failure")
				.register(registry);
		}
	}

	private static void message(MeterRegistry registry, Tags tags, String kind, AddressStatistics address,
			java.util.function.ToDoubleFunction<AddressStatistics> count) {
		FunctionCounter.builder("fluxor.eventbus.messages", address, count)
			.tags(tags.and("kind", kind))
			.description("Messages by address and kind: sent, published, received, replied")
			.register(registry);
	}

}
