/**
 * JMH benchmarks of the Fluxor runtime against its baselines (a raw LMAX Disruptor ring, Vert.x's
 * local event bus). The bare Reactor Netty servers of the wrk load scripts are in the baselines
 * module beside it. Nothing here runs during {@code ./mvnw verify}: benchmarks are not timed tests.
 */
package io.fluxor.benchmarks;
