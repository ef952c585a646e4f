package io.fluxor.metrics;

import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.EventLoopGroup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of every event loop, tagged {@code loop}: queue length and capacity, average task latency,
 * processed, rejected, blocked and abandoned tasks; and of the worker pool.
 */
public class EventLoopMetrics implements MeterBinder {

	private final EventLoopGroup group;

	/**
	 * Creates the binder.
	 * @param group the event loops to observe
	 */
	public EventLoopMetrics(EventLoopGroup group) {
		this.group = group;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (EventLoop loop : this.group.loops()) {
			Tags tags = Tags.of("loop", loop.name());
			Gauge.builder("fluxor.eventloop.queue.length", loop, EventLoop::queueLength)
				.tags(tags)
				.description("Tasks waiting in the loop's ring, including the running one")
				.register(registry);
			Gauge.builder("fluxor.eventloop.queue.capacity", loop, EventLoop::capacity)
				.tags(tags)
				.description("Slots of the loop's ring")
				.register(registry);
			Gauge.builder("fluxor.eventloop.latency", new AverageLatency(loop), AverageLatency::sampleSeconds)
				.tags(tags)
				.baseUnit("seconds")
				.description("Average time a task ran on the loop since the previous reading")
				.register(registry);
			FunctionCounter.builder("fluxor.eventloop.processed.messages", loop, EventLoop::processedCount)
				.tags(tags)
				.description("Tasks the loop ran")
				.register(registry);
			FunctionCounter.builder("fluxor.eventloop.rejected", loop, EventLoop::rejectedCount)
				.tags(tags)
				.description("Tasks refused because the ring was full or the loop was shutting down")
				.register(registry);
			FunctionCounter.builder("fluxor.eventloop.blocked", loop, EventLoop::blockedCount)
				.tags(tags)
				.description("Tasks that held the loop longer than fluxor.event-loop.max-execute-time")
				.register(registry);
			FunctionCounter.builder("fluxor.eventloop.failed", loop, EventLoop::failedCount)
				.tags(tags)
				.description("Tasks that threw an exception they did not handle")
				.register(registry);
			FunctionCounter.builder("fluxor.eventloop.abandoned", loop, EventLoop::abandonedCount)
				.tags(tags)
				.description("Accepted tasks failed instead of run because the loop shut down")
				.register(registry);
		}
		FunctionCounter.builder("fluxor.eventloop.worker.rejected", this.group, EventLoopGroup::workerRejectedCount)
			.description("Blocking tasks refused because the worker pool was saturated")
			.register(registry);
		Gauge.builder("fluxor.eventloop.worker.active", this.group, EventLoopGroup::workerActiveCount)
			.description("Worker threads running blocking work")
			.register(registry);
	}

	/**
	 * Average task time between two readings of the gauge; the previous reading's counts are kept
	 * here, so the loop only maintains two running totals.
	 */
	static final class AverageLatency {

		private final EventLoop loop;

		private long lastProcessed;

		private long lastBusyNanos;

		private double lastValue;

		AverageLatency(EventLoop loop) {
			this.loop = loop;
		}

		synchronized double sampleSeconds() {
			long processed = this.loop.processedCount();
			long busy = this.loop.busyNanos();
			long tasks = processed - this.lastProcessed;
			if (tasks > 0) {
				this.lastValue = (busy - this.lastBusyNanos) / (double) tasks / 1e9;
			}
			else if (this.loop.queueLength() == 0) {
				this.lastValue = 0;
			}
			this.lastProcessed = processed;
			this.lastBusyNanos = busy;
			return this.lastValue;
		}

	}

}
