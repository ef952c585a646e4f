/**
 * Micrometer bindings of the Fluxor runtime's metric seams. Free of Spring.
 */
package io.fluxor.metrics;
