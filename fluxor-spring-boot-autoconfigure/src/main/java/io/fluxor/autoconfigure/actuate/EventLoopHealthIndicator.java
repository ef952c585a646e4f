package io.fluxor.autoconfigure.actuate;

import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.EventLoopGroup;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the event loops, for the liveness group: DOWN once the loops no longer run, with each
 * loop's queue length and blocked count as details.
 */
public class EventLoopHealthIndicator extends AbstractHealthIndicator {

	private final EventLoopGroup group;

	/**
	 * Creates the indicator.
	 * @param group the event loops
	 */
	public EventLoopHealthIndicator(EventLoopGroup group) {
		super("Event loop health check failed");
		this.group = group;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.status(this.group.isRunning() ? org.springframework.boot.actuate.health.Status.UP
				: org.springframework.boot.actuate.health.Status.DOWN);
		for (EventLoop loop : this.group.loops()) {
			builder.withDetail(loop.name(), java.util.Map.of("queueLength", loop.queueLength(), "blocked",
					loop.blockedCount()));
		}
	}

}
