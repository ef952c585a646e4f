package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection pool settings of the {@link UpstreamClient}.
 *
 * @param maxConnections connections kept per upstream host and port
 * @param pendingAcquireTimeout time a request waits for a pooled connection when all are busy
 * @param maxIdleTime time an idle connection stays in the pool; keep it below the upstreams' own
 * keep-alive timeout so the pool never hands out a connection the upstream is closing
 */
public record UpstreamClientOptions(int maxConnections, Duration pendingAcquireTimeout, Duration maxIdleTime) {

	/** Default connections per upstream. */
	public static final int DEFAULT_MAX_CONNECTIONS = 500;

	/** Default wait for a pooled connection. */
	public static final Duration DEFAULT_PENDING_ACQUIRE_TIMEOUT = Duration.ofSeconds(5);

	/** Default idle time: below the common 60s keep-alive timeout of servers and load balancers. */
	public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(30);

	/** Default options. */
	public static final UpstreamClientOptions DEFAULTS = new UpstreamClientOptions(DEFAULT_MAX_CONNECTIONS,
			DEFAULT_PENDING_ACQUIRE_TIMEOUT, DEFAULT_MAX_IDLE_TIME);

	/**
	 * Validates the options.
	 */
	public UpstreamClientOptions {
		Objects.requireNonNull(pendingAcquireTimeout, "pendingAcquireTimeout");
		Objects.requireNonNull(maxIdleTime, "maxIdleTime");
		if (maxConnections < 1) {
			throw new IllegalArgumentException("max-connections must be positive but was " + maxConnections);
		}
		if (pendingAcquireTimeout.isNegative() || pendingAcquireTimeout.isZero()) {
			throw new IllegalArgumentException(
					"pending-acquire-timeout must be positive but was " + pendingAcquireTimeout);
		}
		if (maxIdleTime.isNegative() || maxIdleTime.isZero()) {
			throw new IllegalArgumentException("max-idle-time must be positive but was " + maxIdleTime);
		}
	}

}
