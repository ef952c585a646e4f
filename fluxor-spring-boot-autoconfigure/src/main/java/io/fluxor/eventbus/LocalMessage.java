package io.fluxor.eventbus;

import java.util.HashMap;
import java.util.Map;

/**
 * A message travelling inside this JVM: the body is handed over by reference, never copied or
 * serialized. For a request it carries the {@link PendingReply} its consumer answers.
 */
final class LocalMessage<T> implements Message<T>, DeliveryContext {

	private final String address;

	private final T body;

	private Map<String, String> headers;

	private final Kind kind;

	private final PendingReply replyTo;

	private final AddressStatistics statistics;

	LocalMessage(String address, T body, Map<String, String> headers, Kind kind, PendingReply replyTo,
			AddressStatistics statistics) {
		this.address = address;
		this.body = body;
		this.headers = headers;
		this.kind = kind;
		this.replyTo = replyTo;
		this.statistics = statistics;
	}

	@Override
	public String address() {
		return this.address;
	}

	@Override
	public T body() {
		return this.body;
	}

	@Override
	public Map<String, String> headers() {
		return this.headers;
	}

	/** Makes the headers writable for outbound interceptors; only paid for when interceptors exist. */
	void makeHeadersMutable() {
		if (!(this.headers instanceof HashMap)) {
			this.headers = new HashMap<>(this.headers);
		}
	}

	@Override
	public Kind kind() {
		return this.kind;
	}

	@Override
	public boolean expectsReply() {
		return this.replyTo != null;
	}

	PendingReply replyTo() {
		return this.replyTo;
	}

	@Override
	public void reply(Object body, DeliveryOptions options) {
		if (this.replyTo != null) {
			this.replyTo.reply(body, options.headers());
		}
	}

	@Override
	public void fail(int code, String message) {
		if (this.replyTo != null) {
			this.replyTo.fail(code, message);
		}
		else if (this.statistics != null) {
			// nobody waits for an answer, so the count is all that tells of the failure
			this.statistics.recordFailure(DeliveryFailure.RECIPIENT_FAILURE);
		}
	}

	@Override
	public String toString() {
		return this.kind + " to '" + this.address + "'";
	}

}
