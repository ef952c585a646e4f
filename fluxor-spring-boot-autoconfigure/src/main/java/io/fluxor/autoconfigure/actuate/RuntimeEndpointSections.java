package io.fluxor.autoconfigure.actuate;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fluxor.eventbus.AddressStatistics;
import io.fluxor.eventbus.DeliveryFailure;
import io.fluxor.eventbus.EventBusStatistics;
import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.EventLoopGroup;

/**
 * The endpoint sections of the runtime core: {@code loops} and {@code addresses}.
 */
final class RuntimeEndpointSections {

	private RuntimeEndpointSections() {
	}

	static FluxorEndpointSection loops(EventLoopGroup group) {
		return FluxorEndpointSection.of("loops",
				() -> group.loops().stream().map(RuntimeEndpointSections::describe).toList());
	}

	static FluxorEndpointSection addresses(EventBusStatistics statistics) {
		return FluxorEndpointSection.of("addresses", () -> statistics.addresses()
			.stream()
			.sorted(Comparator.comparing(AddressStatistics::address))
			.map((address) -> describe(address, statistics.consumerCount(address.address())))
			.toList());
	}

	private static Map<String, Object> describe(EventLoop loop) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", loop.name());
		description.put("queueLength", loop.queueLength());
		description.put("capacity", loop.capacity());
		description.put("processed", loop.processedCount());
		description.put("rejected", loop.rejectedCount());
		description.put("blocked", loop.blockedCount());
		description.put("failed", loop.failedCount());
		return description;
	}

	private static Map<String, Object> describe(AddressStatistics address, int consumers) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("address", address.address());
		description.put("consumers", consumers);
		description.put("sent", address.sent());
		description.put("published", address.published());
		description.put("received", address.received());
		description.put("replied", address.replied());
		Map<String, Long> failures = new LinkedHashMap<>();
		for (DeliveryFailure failure : DeliveryFailure.values()) {
			failures.put(failure.tag(), address.failures(failure));
		}
		description.put("failures", failures);
		return description;
	}

}
