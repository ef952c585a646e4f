/**
 * Verticles: plain objects whose {@link io.fluxor.verticle.Consume @Consume} methods handle
 * event-bus messages, each instance pinned to one event loop, deployed and supervised (one-for-one
 * restarts with backoff) by a {@link io.fluxor.verticle.VerticleDeployer}. Free of Spring.
 */
package io.fluxor.verticle;
