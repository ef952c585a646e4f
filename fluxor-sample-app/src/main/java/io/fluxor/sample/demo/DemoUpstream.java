package io.fluxor.sample.demo;

import java.util.Locale;

/**
 * The in-process upstreams of the FluxGate demo, each on {@code base-port} plus its offset.
 */
public enum DemoUpstream {

	/** Answers at once with a small JSON document. */
	FAST(0),

	/** Answers like {@link #FAST} after {@code slow-delay} (800 ms by default), without blocking. */
	SLOW(1),

	/** Fails every second request with a 500, starting with the second. */
	FAULTY(2),

	/** Answers with the request's method, path, query, headers and body as JSON. */
	ECHO(3),

	/** A second {@link #FAST} instance, for load balancing. */
	FAST_2(4);

	private final int offset;

	DemoUpstream(int offset) {
		this.offset = offset;
	}

	/**
	 * Returns the offset of the port from {@code base-port}.
	 * @return the offset
	 */
	public int offset() {
		return this.offset;
	}

	/**
	 * Returns the name used in responses and messages.
	 * @return the lower-case, dashed name, such as {@code fast-2}
	 */
	public String displayName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
