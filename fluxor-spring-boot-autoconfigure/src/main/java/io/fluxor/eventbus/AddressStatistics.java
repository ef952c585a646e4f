package io.fluxor.eventbus;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import com.lmax.disruptor.Sequence;

/**
 * Counters of one address: messages sent, published, received and replied, and failures by type.
 *
 * <p>Addresses are tracked once a consumer registers at them; messages to addresses that never had a
 * consumer share the {@link #UNROUTED_ADDRESS} entry, so the number of entries stays bounded by the
 * code rather than by the traffic.
 */
public final class AddressStatistics {

	/** The address name under which messages to addresses without consumers are counted. */
	public static final String UNROUTED_ADDRESS = "unrouted";

	private final String address;

	// Each counter alone on its cache lines (Disruptor's padded Sequence): the sender bumps sent and
	// the consumer's loop received, usually on two cores, for every message.
	private final Sequence sent = new Sequence(0);

	private final Sequence published = new Sequence(0);

	private final Sequence received = new Sequence(0);

	private final Sequence replied = new Sequence(0);

	private final Map<DeliveryFailure, LongAdder> failures = new EnumMap<>(DeliveryFailure.class);

	AddressStatistics(String address) {
		this.address = address;
		for (DeliveryFailure failure : DeliveryFailure.values()) {
			this.failures.put(failure, new LongAdder());
		}
	}

	/**
	 * Returns the address.
	 * @return the address, or {@link #UNROUTED_ADDRESS}
	 */
	public String address() {
		return this.address;
	}

	/**
	 * Returns messages sent or requested to the address.
	 * @return the count
	 */
	public long sent() {
		return this.sent.get();
	}

	/**
	 * Returns messages published to the address.
	 * @return the count
	 */
	public long published() {
		return this.published.get();
	}

	/**
	 * Returns messages handed to consumers of the address.
	 * @return the count
	 */
	public long received() {
		return this.received.get();
	}

	/**
	 * Returns replies the address's consumers gave.
	 * @return the count
	 */
	public long replied() {
		return this.replied.get();
	}

	/**
	 * Returns failures of one type.
	 * @param failure the failure type
	 * @return the count
	 */
	public long failures(DeliveryFailure failure) {
		return this.failures.get(failure).sum();
	}

	void recordSent() {
		this.sent.incrementAndGet();
	}

	void recordPublished() {
		this.published.incrementAndGet();
	}

	void recordReceived() {
		this.received.incrementAndGet();
	}

	void recordReplied() {
		this.replied.incrementAndGet();
	}

	void recordFailure(DeliveryFailure failure) {
		this.failures.get(failure).increment();
	}

}
