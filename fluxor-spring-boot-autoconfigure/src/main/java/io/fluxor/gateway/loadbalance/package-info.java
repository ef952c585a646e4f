/**
 * Choice of an upstream for each request: round robin, smooth weighted round robin, least
 * connections and power of two choices, each skipping upstreams that are unavailable (open circuit
 * breaker) and able to avoid the upstream a retry just failed on. Free of Spring; lock-free.
 */
package io.fluxor.gateway.loadbalance;
