package io.fluxor.gateway;

import java.util.Objects;

import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A response a target composed on the server's response and has yet to write, such as a cache
 * hit: what the target returns when it answers in place on the connection.
 *
 * <p>Subscribing writes it and then emits the status sent, as a body-less message, so a filter can
 * map it like any answer. When no filter wrapped it, the server instead hands {@link #write()} to
 * Reactor Netty itself: the request has done its work, so it is recorded and frees its permit at
 * once, and the write needs no operator of the gateway's.
 */
public final class ComposedResponse extends Mono<HttpResponseMessage> {

	private final Publisher<Void> write;

	private final HttpResponseMessage sent;

	/**
	 * Creates a composed response.
	 * @param write the write of the response, started on subscription
	 * @param sent the body-less message of the status the write sends
	 */
	public ComposedResponse(Publisher<Void> write, HttpResponseMessage sent) {
		this.write = Objects.requireNonNull(write, "write");
		this.sent = Objects.requireNonNull(sent, "sent");
	}

	/**
	 * Returns the write of the response.
	 * @return the write, started on subscription
	 */
	public Publisher<Void> write() {
		return this.write;
	}

	/**
	 * Returns the status the write sends.
	 * @return the status
	 */
	public int status() {
		return this.sent.status();
	}

	@Override
	public void subscribe(CoreSubscriber<? super HttpResponseMessage> actual) {
		Mono.fromDirect(this.write).thenReturn(this.sent).subscribe(actual);
	}

}
