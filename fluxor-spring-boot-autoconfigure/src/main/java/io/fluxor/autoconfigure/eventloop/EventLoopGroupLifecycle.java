package io.fluxor.autoconfigure.eventloop;

import java.time.Duration;

import io.fluxor.autoconfigure.FluxorLifecyclePhases;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.ShutdownReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Shuts the event loops down when the context stops, after everything that runs on them: the rings
 * drain within {@code fluxor.shutdown-timeout}, then what is left is failed. Loops that were shut
 * down cannot start again, so starting a stopped context fails here, before anything that would run
 * on them starts.
 */
public class EventLoopGroupLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(EventLoopGroupLifecycle.class);

	private final EventLoopGroup group;

	private final Duration shutdownTimeout;

	private volatile boolean running;

	/**
	 * Creates the lifecycle of a group.
	 * @param group the event loops
	 * @param shutdownTimeout how long the rings may take to drain
	 */
	public EventLoopGroupLifecycle(EventLoopGroup group, Duration shutdownTimeout) {
		this.group = group;
		this.shutdownTimeout = shutdownTimeout;
	}

	@Override
	public void start() {
		this.group.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		ShutdownReport report = this.group.shutdown(this.shutdownTimeout);
		logger.info("Event loops stopped in {} ms (drained: {}, failed instead of run: {})", report.took().toMillis(),
				report.drained(), report.abandoned());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return FluxorLifecyclePhases.EVENT_LOOPS;
	}

}
