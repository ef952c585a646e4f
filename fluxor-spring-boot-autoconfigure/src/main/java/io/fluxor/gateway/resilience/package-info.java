/**
 * Upstream resilience: one resilience4j circuit breaker per upstream URL, a retry policy with
 * exponential backoff and jitter bounded by the route's total timeout, and an Envoy-style retry
 * budget against retry storms. Free of Spring.
 */
package io.fluxor.gateway.resilience;
