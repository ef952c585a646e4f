/**
 * Micrometer meters of the runtime: binders that read the counters the runtime keeps, so that the
 * hot paths never touch a meter, and implementations of the runtime's metrics seams such as
 * {@link io.fluxor.metrics.MicrometerGatewayMetrics}. Free of Spring.
 */
package io.fluxor.metrics;
