package io.fluxor.gateway.filter;

import io.fluxor.gateway.GatewayExchange;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.route.Route;
import reactor.core.publisher.Mono;

/**
 * Runs around the target of every matched route: it can inspect or replace the request, answer
 * without calling the chain (authentication, caching), or transform the response.
 *
 * <p>Filters run in ascending {@link #order()} (ties keep registration order), only for requests
 * that matched a route they {@link #appliesTo apply to} and got a concurrency permit. They run on the thread that delivered the
 * request, usually a Netty I/O thread, and must not block. An error signal is turned into a
 * response like a target's error (500, or the status of a
 * {@link io.fluxor.gateway.GatewayException}).
 */
@FunctionalInterface
public interface GatewayFilter {

	/** The order of a filter that does not say otherwise. */
	int DEFAULT_ORDER = 0;

	/**
	 * Returns the position of the filter: lower runs first, closer to the client.
	 * @return the order
	 */
	default int order() {
		return DEFAULT_ORDER;
	}

	/**
	 * Returns whether the filter runs for the requests of a route. Asked once per route whenever
	 * the route table changes; a filter that applies to no route costs its requests nothing.
	 * @param route the route
	 * @return {@code true} unless the filter would only pass the route's requests on
	 */
	default boolean appliesTo(Route route) {
		return true;
	}

	/**
	 * Filters one exchange.
	 * @param exchange the exchange
	 * @param chain the rest of the chain; call {@link GatewayFilterChain#next} at most once
	 * @return the response
	 */
	Mono<HttpResponseMessage> filter(GatewayExchange exchange, GatewayFilterChain chain);

}
