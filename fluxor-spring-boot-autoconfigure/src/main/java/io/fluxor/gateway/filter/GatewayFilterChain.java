package io.fluxor.gateway.filter;

import io.fluxor.gateway.GatewayExchange;
import io.fluxor.gateway.HttpResponseMessage;
import reactor.core.publisher.Mono;

/**
 * The rest of the filter chain as one filter sees it; the last link calls the route's target.
 */
@FunctionalInterface
public interface GatewayFilterChain {

	/**
	 * Passes the exchange to the next filter, or to the target after the last one.
	 * @param exchange the exchange
	 * @return the response
	 */
	Mono<HttpResponseMessage> next(GatewayExchange exchange);

}
