/**
 * Auto-configuration of the event loops ({@code fluxor.event-loop.*}).
 */
package io.fluxor.autoconfigure.eventloop;
