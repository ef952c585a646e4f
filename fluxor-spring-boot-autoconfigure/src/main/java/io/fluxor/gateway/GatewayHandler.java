package io.fluxor.gateway;

import reactor.core.publisher.Mono;

/**
 * Serves the requests of a route in place, without the event bus.
 *
 * <p>Called on a Netty I/O thread: it must not block. Blocking work belongs on an event loop's
 * worker pool ({@code EventLoopGroup.executeBlocking}) or behind an event-bus address. An error
 * signal becomes a 500, or the status of a {@link GatewayException}.
 */
@FunctionalInterface
public interface GatewayHandler {

	/**
	 * Handles one request.
	 * @param request the request
	 * @return the response
	 */
	Mono<HttpResponseMessage> handle(HttpRequestMessage request);

}
