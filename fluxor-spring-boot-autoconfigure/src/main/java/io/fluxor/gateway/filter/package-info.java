/**
 * The gateway's filter chain: {@link io.fluxor.gateway.filter.GatewayFilter filters} ordered by
 * {@link io.fluxor.gateway.filter.GatewayFilter#order()} around the route's target. Free of Spring.
 */
package io.fluxor.gateway.filter;
