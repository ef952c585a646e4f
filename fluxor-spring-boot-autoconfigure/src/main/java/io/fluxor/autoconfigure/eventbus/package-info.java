/**
 * Auto-configuration of the event bus.
 */
package io.fluxor.autoconfigure.eventbus;
