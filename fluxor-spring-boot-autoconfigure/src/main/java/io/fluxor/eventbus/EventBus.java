package io.fluxor.eventbus;

import java.util.concurrent.CompletableFuture;

import io.fluxor.eventloop.EventLoop;
import reactor.core.publisher.Mono;

/**
 * Delivers messages between consumers that run on event loops: {@link #publish publish} to every
 * consumer of an address, {@link #send send} to one (round-robin), {@link #request request} one and
 * wait for its reply.
 *
 * <p>No message is dropped silently: a message that cannot be delivered fails its caller with a
 * typed {@link DeliveryException} (at once for send and publish, through the returned future for a
 * request) and is counted in the bus's statistics.
 */
public interface EventBus {

	/**
	 * Delivers a message to every consumer of the address.
	 * @param address the address
	 * @param body the body
	 * @return the number of consumers it was delivered to; 0 when there were none (counted)
	 * @throws DeliveryException of type {@link DeliveryFailure#REJECTED} if a consumer's loop
	 * refused it (it was still delivered to the others)
	 */
	default int publish(String address, Object body) {
		return publish(address, body, DeliveryOptions.DEFAULT);
	}

	/**
	 * Delivers a message with headers to every consumer of the address.
	 * @param address the address
	 * @param body the body
	 * @param options the headers
	 * @return the number of consumers it was delivered to
	 * @throws DeliveryException if a consumer's loop refused it
	 */
	int publish(String address, Object body, DeliveryOptions options);

	/**
	 * Delivers a message to one consumer of the address, chosen round-robin.
	 * @param address the address
	 * @param body the body
	 * @throws DeliveryException of type {@link DeliveryFailure#NO_HANDLERS} or
	 * {@link DeliveryFailure#REJECTED}
	 */
	default void send(String address, Object body) {
		send(address, body, DeliveryOptions.DEFAULT);
	}

	/**
	 * Delivers a message with headers to one consumer of the address.
	 * @param address the address
	 * @param body the body
	 * @param options the headers
	 * @throws DeliveryException of type {@link DeliveryFailure#NO_HANDLERS} or
	 * {@link DeliveryFailure#REJECTED}
	 */
	void send(String address, Object body, DeliveryOptions options);

	/**
	 * Sends a request to one consumer and returns its reply. If the caller runs on an event loop,
	 * the future completes on that loop. Cancelling the future (as cancelling the {@link Mono} of
	 * {@link #requestMono} does) gives the request up: it no longer times out, and counts neither as
	 * a failure nor as a reply.
	 * @param <R> the reply body type
	 * @param address the address
	 * @param body the body
	 * @param options headers and timeout
	 * @return the reply, or a failure with a {@link DeliveryException}
	 */
	<R> CompletableFuture<Message<R>> request(String address, Object body, DeliveryOptions options);

	/**
	 * Sends a request with the default options.
	 * @param <R> the reply body type
	 * @param address the address
	 * @param body the body
	 * @return the reply
	 */
	default <R> CompletableFuture<Message<R>> request(String address, Object body) {
		return request(address, body, DeliveryOptions.DEFAULT);
	}

	/**
	 * Sends a request when subscribed, as a Reactor {@link Mono}.
	 * @param <R> the reply body type
	 * @param address the address
	 * @param body the body
	 * @param options headers and timeout
	 * @return the reply
	 */
	default <R> Mono<Message<R>> requestMono(String address, Object body, DeliveryOptions options) {
		return Mono.fromFuture(() -> request(address, body, options));
	}

	/**
	 * Registers a handler on the caller's event loop, or on the next loop of the group when the
	 * caller does not run on one.
	 * @param <T> the body type
	 * @param address the address
	 * @param handler the handler
	 * @return the registration
	 */
	<T> MessageConsumer consumer(String address, MessageHandler<T> handler);

	/**
	 * Registers a handler that runs on the given loop.
	 * @param <T> the body type
	 * @param address the address
	 * @param loop the loop the handler runs on
	 * @param handler the handler
	 * @return the registration
	 */
	<T> MessageConsumer consumer(String address, EventLoop loop, MessageHandler<T> handler);

	/**
	 * Adds an interceptor that sees every message after the ones already added.
	 * @param interceptor the interceptor
	 */
	void addInterceptor(EventBusInterceptor interceptor);

	/**
	 * Returns the statistics of the bus.
	 * @return live statistics
	 */
	EventBusStatistics statistics();

}
