/**
 * Backpressure of the gateway: a {@link io.fluxor.gateway.backpressure.ConcurrencyLimiter} that
 * admits, queues or sheds requests, fixed (CCU with utilization target and bounded queue) or
 * adaptive (Netflix concurrency-limits gradient). Free of Spring.
 */
package io.fluxor.gateway.backpressure;
