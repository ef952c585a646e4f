/**
 * Actuator glue: the {@code fluxor} endpoint, built from sections that each capability contributes.
 */
package io.fluxor.autoconfigure.actuate;
