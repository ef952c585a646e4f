package io.fluxor.gateway;

import java.time.Duration;
import java.util.Objects;

import io.fluxor.gateway.backpressure.BackpressureMode;
import io.fluxor.gateway.backpressure.ConcurrencyLimiter;

/**
 * Options of a {@link GatewayServer}: where it listens, its CCU budget and its limits.
 *
 * <p>Immutable; start from {@link #defaults()} and change what differs with the {@code with*}
 * methods.
 *
 * @param host the address to bind
 * @param port the port to bind, 0 for any free port
 * @param maxCcu running plus queued requests before requests are shed
 * @param utilizationPercent the share of max-ccu that runs at once, 1 to 100
 * @param queueTimeout how long a queued request waits for a permit before a 503
 * @param backpressureMode fixed CCU budget or adaptive limit
 * @param maxBodySize the largest request body in bytes, larger gets a 413
 * @param maxHeaderSize the largest header block in bytes, larger gets a 431
 * @param requestTimeout how long a target may take before a 504, unless the route says otherwise
 */
public record GatewayOptions(String host, int port, int maxCcu, int utilizationPercent, Duration queueTimeout,
		BackpressureMode backpressureMode, long maxBodySize, int maxHeaderSize, Duration requestTimeout) {

	/** Default host: every interface. */
	public static final String DEFAULT_HOST = "0.0.0.0";

	/** Default port. */
	public static final int DEFAULT_PORT = 8080;

	/** Default max CCU. */
	public static final int DEFAULT_MAX_CCU = 5000;

	/** Default utilization target in percent. */
	public static final int DEFAULT_UTILIZATION_PERCENT = 67;

	/** Default queue timeout. */
	public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(5);

	/** Default backpressure mode. */
	public static final BackpressureMode DEFAULT_BACKPRESSURE_MODE = BackpressureMode.FIXED;

	/** Default maximum body size: 1 MB. */
	public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

	/** Default maximum header size: 8 KB. */
	public static final int DEFAULT_MAX_HEADER_SIZE = 8 * 1024;

	/** Default request timeout. */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Creates options, checking each value.
	 * @param host the host
	 * @param port the port
	 * @param maxCcu the max CCU
	 * @param utilizationPercent the utilization
	 * @param queueTimeout the queue timeout
	 * @param backpressureMode the mode
	 * @param maxBodySize the body limit
	 * @param maxHeaderSize the header limit
	 * @param requestTimeout the request timeout
	 */
	public GatewayOptions {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(backpressureMode, "backpressureMode");
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be between 0 and 65535 but was " + port);
		}
		ConcurrencyLimiter.runningCapacity(maxCcu, utilizationPercent);
		requirePositive(queueTimeout, "queueTimeout");
		requirePositive(requestTimeout, "requestTimeout");
		if (maxBodySize < 0) {
			throw new IllegalArgumentException("maxBodySize must not be negative but was " + maxBodySize);
		}
		if (maxHeaderSize < 1) {
			throw new IllegalArgumentException("maxHeaderSize must be positive but was " + maxHeaderSize);
		}
	}

	/**
	 * Returns the default options.
	 * @return the defaults
	 */
	public static GatewayOptions defaults() {
		return new GatewayOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_CCU, DEFAULT_UTILIZATION_PERCENT,
				DEFAULT_QUEUE_TIMEOUT, DEFAULT_BACKPRESSURE_MODE, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_HEADER_SIZE,
				DEFAULT_REQUEST_TIMEOUT);
	}

	/**
	 * Returns options with another address.
	 * @param host the host
	 * @param port the port, 0 for any free one
	 * @return new options
	 */
	public GatewayOptions withAddress(String host, int port) {
		return new GatewayOptions(host, port, this.maxCcu, this.utilizationPercent, this.queueTimeout,
				this.backpressureMode, this.maxBodySize, this.maxHeaderSize, this.requestTimeout);
	}

	/**
	 * Returns options with another CCU budget.
	 * @param maxCcu the max CCU
	 * @param utilizationPercent the utilization, 1 to 100
	 * @param queueTimeout the queue timeout
	 * @return new options
	 */
	public GatewayOptions withCcu(int maxCcu, int utilizationPercent, Duration queueTimeout) {
		return new GatewayOptions(this.host, this.port, maxCcu, utilizationPercent, queueTimeout,
				this.backpressureMode, this.maxBodySize, this.maxHeaderSize, this.requestTimeout);
	}

	/**
	 * Returns options with another backpressure mode.
	 * @param backpressureMode the mode
	 * @return new options
	 */
	public GatewayOptions withBackpressureMode(BackpressureMode backpressureMode) {
		return new GatewayOptions(this.host, this.port, this.maxCcu, this.utilizationPercent, this.queueTimeout,
				backpressureMode, this.maxBodySize, this.maxHeaderSize, this.requestTimeout);
	}

	/**
	 * Returns options with other size limits.
	 * @param maxBodySize the body limit in bytes
	 * @param maxHeaderSize the header limit in bytes
	 * @return new options
	 */
	public GatewayOptions withLimits(long maxBodySize, int maxHeaderSize) {
		return new GatewayOptions(this.host, this.port, this.maxCcu, this.utilizationPercent, this.queueTimeout,
				this.backpressureMode, maxBodySize, maxHeaderSize, this.requestTimeout);
	}

	/**
	 * Returns options with another request timeout.
	 * @param requestTimeout the timeout
	 * @return new options
	 */
	public GatewayOptions withRequestTimeout(Duration requestTimeout) {
		return new GatewayOptions(this.host, this.port, this.maxCcu, this.utilizationPercent, this.queueTimeout,
				this.backpressureMode, this.maxBodySize, this.maxHeaderSize, requestTimeout);
	}

	/**
	 * Creates the limiter these options describe.
	 * @return a new limiter
	 */
	public ConcurrencyLimiter createLimiter() {
		return (this.backpressureMode == BackpressureMode.ADAPTIVE)
				? ConcurrencyLimiter.adaptive(this.maxCcu, this.utilizationPercent)
				: ConcurrencyLimiter.fixed(this.maxCcu, this.utilizationPercent, this.queueTimeout);
	}

	private static void requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + duration);
		}
	}

}
