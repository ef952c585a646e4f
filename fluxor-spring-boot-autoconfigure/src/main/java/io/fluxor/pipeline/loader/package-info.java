/**
 * Ready-made {@link io.fluxor.pipeline.Loader loaders}: drop, JSON lines file,
 * event-bus address, TCP socket.
 */
package io.fluxor.pipeline.loader;
