/**
 * Auto-configuration of Fluxor's Micrometer meters.
 */
package io.fluxor.autoconfigure.metrics;
