/**
 * Routes of the gateway: {@link io.fluxor.gateway.route.PathTemplate path templates} compiled once,
 * {@link io.fluxor.gateway.route.Route routes} with their targets, the
 * {@link io.fluxor.gateway.route.Router} that picks the most specific route for a request, and the
 * {@link io.fluxor.gateway.route.RouteRegistry} that swaps routers at runtime. Free of Spring.
 */
package io.fluxor.gateway.route;
