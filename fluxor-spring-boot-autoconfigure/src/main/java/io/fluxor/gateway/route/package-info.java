/**
 * Routes of the gateway: {@link io.fluxor.gateway.route.PathTemplate path templates} compiled once,
 * {@link io.fluxor.gateway.route.Route routes} with their targets, and the
 * {@link io.fluxor.gateway.route.Router} that picks the most specific route for a request. Free of
 * Spring.
 */
package io.fluxor.gateway.route;
