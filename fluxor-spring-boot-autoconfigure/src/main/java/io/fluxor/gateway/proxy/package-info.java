/**
 * The reverse proxy behind routes to {@code upstreams}: a pooled Reactor Netty client shared by all
 * routes, streaming bodies both ways, hop-by-hop headers removed and {@code X-Forwarded-*} added,
 * load balancing over the route's upstreams with per-upstream circuit breakers, retries within a
 * budget and the route's total timeout, an optional response cache and gzip compression. Free of
 * Spring.
 */
package io.fluxor.gateway.proxy;
