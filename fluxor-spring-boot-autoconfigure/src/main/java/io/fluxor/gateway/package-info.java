/**
 * The HTTP entry point: a Reactor Netty {@link io.fluxor.gateway.GatewayServer} with CCU
 * backpressure, routing to event-bus addresses or {@link io.fluxor.gateway.GatewayHandler handlers}
 * through an ordered filter chain, with limits answered by the right status. Free of Spring.
 */
package io.fluxor.gateway;
