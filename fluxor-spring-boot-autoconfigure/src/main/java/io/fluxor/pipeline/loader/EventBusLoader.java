package io.fluxor.pipeline.loader;

import java.util.Objects;

import io.fluxor.eventbus.DeliveryException;
import io.fluxor.eventbus.EventBus;
import io.fluxor.pipeline.Loader;

/**
 * Delivers each item to an event-bus address, to one consumer ({@code send}) or to all of them
 * ({@code publish}). A refused delivery (no consumer, full loop) is an error of the item, handled
 * by the stage's error action and counted.
 *
 * @param <T> the item type
 */
public final class EventBusLoader<T> implements Loader<T> {

	private final EventBus eventBus;

	private final String address;

	private final boolean publish;

	/**
	 * Creates a loader that sends each item to one consumer.
	 * @param eventBus the bus
	 * @param address the address
	 */
	public EventBusLoader(EventBus eventBus, String address) {
		this(eventBus, address, false);
	}

	/**
	 * Creates a loader.
	 * @param eventBus the bus
	 * @param address the address
	 * @param publish whether to deliver to every consumer instead of one
	 */
	public EventBusLoader(EventBus eventBus, String address, boolean publish) {
		this.eventBus = Objects.requireNonNull(eventBus, "eventBus");
		this.address = Objects.requireNonNull(address, "address");
		this.publish = publish;
	}

	/**
	 * Returns the address.
	 * @return the address
	 */
	public String address() {
		return this.address;
	}

	@Override
	public void load(T item) {
		if (this.publish) {
			if (this.eventBus.publish(this.address, item) == 0) {
				throw DeliveryException.noHandlers(this.address);
			}
		}
		else {
			this.eventBus.send(this.address, item);
		}
	}

}
