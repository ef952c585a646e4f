/**
 * Micrometer meters of the runtime: binders that read the counters the runtime keeps, so that the
 * hot paths never touch a meter. Free of Spring.
 */
package io.fluxor.metrics;
