package io.fluxor.support;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Named statistics that appear while the runtime runs (an event-bus address, a verticle), each
 * created once, with listeners told of every entry, the ones already there included, so that
 * meters can be bound as entries appear.
 *
 * <p>A listener added while an entry is being created may hear of it twice; binders must tolerate
 * that, as Micrometer's registration by id does.
 *
 * @param <V> the type of the entries
 */
public final class TrackedRegistry<V> {

	private final Map<String, V> entries = new ConcurrentHashMap<>();

	private final List<Consumer<V>> listeners = new CopyOnWriteArrayList<>();

	private final Function<String, V> factory;

	/**
	 * Creates a registry.
	 * @param factory creates the entry of a name
	 */
	public TrackedRegistry(Function<String, V> factory) {
		this.factory = factory;
	}

	/**
	 * Returns the entry of a name, creating it (and telling the listeners) on first use.
	 * @param name the name
	 * @return the entry
	 */
	public V track(String name) {
		V existing = this.entries.get(name);
		if (existing != null) {
			return existing;
		}
		boolean[] created = new boolean[1];
		V entry = this.entries.computeIfAbsent(name, (key) -> {
			created[0] = true;
			return this.factory.apply(key);
		});
		if (created[0]) {
			this.listeners.forEach((listener) -> listener.accept(entry));
		}
		return entry;
	}

	/**
	 * Returns every entry.
	 * @return an unmodifiable live view
	 */
	public Collection<V> values() {
		return Collections.unmodifiableCollection(this.entries.values());
	}

	/**
	 * Adds a listener and tells it of every entry tracked so far.
	 * @param listener the listener
	 */
	public void onTracked(Consumer<V> listener) {
		this.listeners.add(listener);
		this.entries.values().forEach(listener);
	}

}
