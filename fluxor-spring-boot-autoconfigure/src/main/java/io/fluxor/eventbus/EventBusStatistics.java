package io.fluxor.eventbus;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Live statistics of an {@link EventBus}: per-address counters and the requests awaiting a reply.
 */
public interface EventBusStatistics {

	/**
	 * Returns the statistics of every tracked address, including {@link AddressStatistics#UNROUTED_ADDRESS}.
	 * @return the addresses' statistics
	 */
	Collection<AddressStatistics> addresses();

	/**
	 * Returns the number of consumers registered at an address.
	 * @param address the address
	 * @return the consumer count
	 */
	int consumerCount(String address);

	/**
	 * Returns requests that wait for a reply.
	 * @return the pending count
	 */
	long pendingReplies();

	/**
	 * Registers a listener called for every address tracked from now on, and for every one
	 * tracked already, so that meters can be bound as addresses appear.
	 * @param listener the listener
	 */
	void onAddressTracked(Consumer<AddressStatistics> listener);

}
