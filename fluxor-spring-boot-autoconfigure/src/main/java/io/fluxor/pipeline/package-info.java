/**
 * Pipelines: Reflux-style data flows (extract, transform, filter, route, load) whose stages run on
 * the {@link io.fluxor.eventloop.EventLoop event loops}, connected by bounded buffers, with
 * backpressure, per-stage error handling and clog detection. Free of Spring.
 */
package io.fluxor.pipeline;
