/**
 * Event loops: single-threaded executors, each fed by an LMAX Disruptor ring buffer, grouped in an
 * {@link io.fluxor.eventloop.EventLoopGroup}. Free of Spring.
 */
package io.fluxor.eventloop;
