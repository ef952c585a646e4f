/**
 * The bare Reactor Netty server and proxy that the wrk load scripts compare the Fluxor gateway
 * with. They live in a module of their own so that they run on the same Reactor Netty and Netty
 * versions as the gateway (Spring Boot's), not on the Netty that Vert.x brings into the JMH jar.
 */
package io.fluxor.benchmarks.baselines;
