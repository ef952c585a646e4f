package io.fluxor.eventbus;

import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.LoopRejectedException;
import io.fluxor.eventloop.LoopTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler registered at an address and pinned to one event loop. It is also the loop task that
 * delivers messages to the handler, so dispatching a message allocates nothing beyond the message.
 */
final class Registration implements MessageConsumer, LoopTask<LocalMessage<Object>> {

	private static final Logger logger = LoggerFactory.getLogger(Registration.class);

	private final DefaultEventBus bus;

	private final String address;

	private final EventLoop loop;

	private final MessageHandler<Object> handler;

	private final AddressStatistics statistics;

	@SuppressWarnings("unchecked")
	Registration(DefaultEventBus bus, String address, EventLoop loop, MessageHandler<?> handler,
			AddressStatistics statistics) {
		this.bus = bus;
		this.address = address;
		this.loop = loop;
		this.handler = (MessageHandler<Object>) handler;
		this.statistics = statistics;
	}

	@Override
	public String address() {
		return this.address;
	}

	@Override
	public EventLoop loop() {
		return this.loop;
	}

	@Override
	public void unregister() {
		this.bus.unregister(this);
	}

	/**
	 * Hands a message to this consumer's loop.
	 * @throws DeliveryException when the loop refuses it
	 */
	void deliver(LocalMessage<Object> message) {
		try {
			this.loop.dispatch(this, message);
		}
		catch (LoopRejectedException ex) {
			this.statistics.recordFailure(DeliveryFailure.REJECTED);
			throw DeliveryException.rejected(this.address, ex.getMessage());
		}
	}

	/** Runs on the loop. */
	@Override
	public void run(LocalMessage<Object> message) {
		PendingReply replyTo = message.replyTo();
		if (replyTo != null && replyTo.isDone()) {
			return; // timed out while queued: the requester already has its answer
		}
		if (!this.bus.interceptInbound(message)) {
			reject(message, "refused by an inbound interceptor");
			return;
		}
		this.statistics.recordReceived();
		try {
			this.handler.handle(message);
		}
		catch (Throwable ex) {
			if (replyTo != null) {
				replyTo.fail(DeliveryException.recipientFailure(this.address, -1, String.valueOf(ex),
						replyTo.waitedMillis()));
			}
			else {
				this.statistics.recordFailure(DeliveryFailure.RECIPIENT_FAILURE);
				logger.warn("Consumer of '{}' failed a {} that expected no reply", this.address, message.kind(), ex);
			}
		}
	}

	/** The loop shut down before the message ran: the requester learns it at once. */
	@Override
	public void abandon(LocalMessage<Object> message, Throwable cause) {
		reject(message, cause.getMessage());
	}

	/** Refuses a message that reached this consumer's loop; a requester learns how long it waited. */
	private void reject(LocalMessage<Object> message, String reason) {
		PendingReply replyTo = message.replyTo();
		if (replyTo != null) {
			replyTo.fail(DeliveryException.rejected(this.address, reason, replyTo.waitedMillis()));
		}
		else {
			this.statistics.recordFailure(DeliveryFailure.REJECTED);
		}
	}

	@Override
	public String toString() {
		return "consumer of '" + this.address + "' on " + this.loop;
	}

}
