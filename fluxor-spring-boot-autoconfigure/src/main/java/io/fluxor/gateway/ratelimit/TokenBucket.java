package io.fluxor.gateway.ratelimit;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * One token bucket (Bucket4j, lock-free compare-and-set), each request taking one token.
 * Trade-off: in memory only, so a gateway of N instances admits N times the configured rate.
 */
public final class TokenBucket {

	private final Bucket bucket;

	private final long capacity;

	private final RateLimitScope scope;

	/**
	 * Creates a full bucket measuring time with {@link System#nanoTime()}.
	 * @param options capacity and refill
	 * @param scope scope reported in decisions
	 */
	public TokenBucket(TokenBucketOptions options, RateLimitScope scope) {
		this(options, scope, TimeMeter.SYSTEM_NANOTIME);
	}

	TokenBucket(TokenBucketOptions options, RateLimitScope scope, TimeMeter time) {
		Objects.requireNonNull(options, "options");
		this.capacity = options.capacity();
		this.scope = Objects.requireNonNull(scope, "scope");
		this.bucket = Bucket.builder()
			.addLimit((limit) -> limit.capacity(options.capacity())
				.refillGreedy(options.refillTokens(), options.refillPeriod()))
			.withCustomTimePrecision(time)
			.build();
	}

	/**
	 * Takes a token if one is available.
	 * @return the decision, with the header figures
	 */
	public RateLimitDecision tryConsume() {
		ConsumptionProbe probe = this.bucket.tryConsumeAndReturnRemaining(1);
		long reset = seconds(probe.getNanosToWaitForReset());
		if (probe.isConsumed()) {
			return new RateLimitDecision(true, this.scope, this.capacity, probe.getRemainingTokens(), reset, 0);
		}
		long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
		return new RateLimitDecision(false, this.scope, this.capacity, 0, reset, retryAfter);
	}

	/**
	 * Returns the tokens available now, for the actuator endpoint.
	 * @return the tokens
	 */
	public long availableTokens() {
		return this.bucket.getAvailableTokens();
	}

	private static long seconds(long nanos) {
		return (nanos <= 0) ? 0 : (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
	}

}
