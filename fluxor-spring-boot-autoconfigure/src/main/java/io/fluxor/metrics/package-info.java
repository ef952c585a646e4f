/**
 * Micrometer implementations of the runtime's metrics seams, such as
 * {@link io.fluxor.metrics.MicrometerGatewayMetrics}. Free of Spring.
 */
package io.fluxor.metrics;
