package io.fluxor.eventbus;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options of one message: headers, and for a request how long to wait for the reply.
 *
 * <p>Immutable; {@link #DEFAULT} is shared.
 */
public final class DeliveryOptions {

	/** Default time a request waits for its reply. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/** Options with no headers and the default timeout. */
	public static final DeliveryOptions DEFAULT = new DeliveryOptions(DEFAULT_TIMEOUT, Map.of());

	private final Duration timeout;

	private final Map<String, String> headers;

	private DeliveryOptions(Duration timeout, Map<String, String> headers) {
		this.timeout = timeout;
		this.headers = headers;
	}

	/**
	 * Returns options with another reply timeout.
	 * @param timeout the timeout, positive
	 * @return new options
	 */
	public DeliveryOptions withTimeout(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive but was " + timeout);
		}
		return new DeliveryOptions(timeout, this.headers);
	}

	/**
	 * Returns options with one more header.
	 * @param name the header name
	 * @param value the header value
	 * @return new options
	 */
	public DeliveryOptions withHeader(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new DeliveryOptions(this.timeout, Collections.unmodifiableMap(copy));
	}

	/**
	 * Returns options with these headers instead of the current ones.
	 * @param headers the headers
	 * @return new options
	 */
	public DeliveryOptions withHeaders(Map<String, String> headers) {
		return new DeliveryOptions(this.timeout, Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
	}

	/**
	 * Returns the reply timeout.
	 * @return the timeout
	 */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Returns the headers.
	 * @return unmodifiable headers
	 */
	public Map<String, String> headers() {
		return this.headers;
	}

}
