/**
 * JMH benchmarks of the Fluxor runtime against its baselines (a raw LMAX Disruptor ring, Vert.x's
 * local event bus) and the bare Reactor Netty servers that the wrk load scripts compare the gateway
 * with. Nothing here runs during {@code ./mvnw verify}: benchmarks are not timed tests.
 */
package io.fluxor.benchmarks;
