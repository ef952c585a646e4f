package io.fluxor.gateway.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * Shape of a token bucket: it holds at most {@code capacity} tokens and gains
 * {@code refillTokens} every {@code refillPeriod}, added greedily (a token as soon as its fraction
 * of the period has elapsed) rather than all at once at the end of the period, so that a drained
 * bucket recovers smoothly.
 *
 * @param capacity most tokens the bucket holds: the burst allowed after a quiet period
 * @param refillTokens tokens added per period: the sustained rate
 * @param refillPeriod period over which {@code refillTokens} are added
 */
public record TokenBucketOptions(long capacity, long refillTokens, Duration refillPeriod) {

	/** Default refill period. */
	public static final Duration DEFAULT_REFILL_PERIOD = Duration.ofSeconds(1);

	/**
	 * Validates the options.
	 */
	public TokenBucketOptions {
		Objects.requireNonNull(refillPeriod, "refillPeriod");
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be positive, was " + capacity);
		}
		if (refillTokens < 1) {
			throw new IllegalArgumentException("refill-tokens must be positive, was " + refillTokens);
		}
		if (refillPeriod.isNegative() || refillPeriod.isZero()) {
			throw new IllegalArgumentException("refill-period must be positive, was " + refillPeriod);
		}
	}

	/**
	 * Returns options refilling {@code refillTokens} per second.
	 * @param capacity most tokens held
	 * @param refillTokens tokens added per second
	 * @return the options
	 */
	public static TokenBucketOptions perSecond(long capacity, long refillTokens) {
		return new TokenBucketOptions(capacity, refillTokens, DEFAULT_REFILL_PERIOD);
	}

	/**
	 * Returns how long an untouched bucket takes to refill from empty to full: after that, a
	 * forgotten bucket and a new one are the same.
	 * @return the time to refill completely
	 */
	public Duration timeToFill() {
		long periods = (this.capacity + this.refillTokens - 1) / this.refillTokens;
		return this.refillPeriod.multipliedBy(periods);
	}

}
