/**
 * The event bus: publish, send and request-reply between consumers that run on event loops, with
 * typed delivery failures. Free of Spring.
 */
package io.fluxor.eventbus;
