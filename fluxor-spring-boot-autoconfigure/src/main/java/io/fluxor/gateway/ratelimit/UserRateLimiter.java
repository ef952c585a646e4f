package io.fluxor.gateway.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.TimeMeter;

/**
 * The user-level limit: a bucket per user key, held in a bounded Caffeine cache.
 * <p>
 * Memory stays bounded two ways: at most {@code maxKeys} buckets (least recently used evicted
 * first), and a bucket untouched for {@code idleTimeout} is dropped. The default idle timeout is
 * the bucket's time to fill: by then a dropped bucket and a fresh one are identical, so expiring it
 * forgets nothing. Trade-off: under a flood of distinct keys beyond {@code maxKeys}, eviction
 * hands evicted users a fresh (full) bucket; size {@code maxKeys} above the number of active users.
 */
public final class UserRateLimiter {

	/** Default most user buckets held. */
	public static final long DEFAULT_MAX_KEYS = 100_000;

	private final Cache<String, TokenBucket> buckets;

	private final TokenBucketOptions options;

	private final TimeMeter time;

	private final LongAdder rejected = new LongAdder();

	/**
	 * Creates a limiter of {@value #DEFAULT_MAX_KEYS} keys expiring after the time to fill.
	 * @param options capacity and refill of each user's bucket
	 */
	public UserRateLimiter(TokenBucketOptions options) {
		this(options, DEFAULT_MAX_KEYS, options.timeToFill());
	}

	/**
	 * Creates the limiter.
	 * @param options capacity and refill of each user's bucket
	 * @param maxKeys most buckets held
	 * @param idleTimeout time after which an untouched bucket is dropped
	 */
	public UserRateLimiter(TokenBucketOptions options, long maxKeys, Duration idleTimeout) {
		this(options, maxKeys, idleTimeout, TimeMeter.SYSTEM_NANOTIME);
	}

	UserRateLimiter(TokenBucketOptions options, long maxKeys, Duration idleTimeout, TimeMeter time) {
		this.options = Objects.requireNonNull(options, "options");
		Objects.requireNonNull(idleTimeout, "idleTimeout");
		if (maxKeys < 1) {
			throw new IllegalArgumentException("max-keys must be positive, was " + maxKeys);
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("idle-timeout must be positive, was " + idleTimeout);
		}
		this.time = time;
		Ticker ticker = time::currentTimeNanos;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(maxKeys)
			.expireAfterAccess(idleTimeout)
			.ticker(ticker)
			// upkeep on the request's own thread: handed to the common pool, it woke a thread every few requests
			.executor(Runnable::run)
			.build();
	}

	/**
	 * Takes a token from the bucket of {@code key}, creating it full on first use.
	 * @param key the user key, as resolved by a {@link KeyResolver}
	 * @return the decision
	 */
	public RateLimitDecision tryAcquire(String key) {
		Objects.requireNonNull(key, "key");
		RateLimitDecision decision = this.buckets
			.get(key, (k) -> new TokenBucket(this.options, RateLimitScope.USER, this.time))
			.tryConsume();
		if (!decision.allowed()) {
			this.rejected.increment();
		}
		return decision;
	}

	/**
	 * Returns the number of user buckets held (approximate), for the actuator endpoint.
	 * @return the count
	 */
	public long bucketCount() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	/**
	 * Returns the requests rejected so far.
	 * @return the count
	 */
	public long rejected() {
		return this.rejected.sum();
	}

	/**
	 * Returns each bucket's shape.
	 * @return the options
	 */
	public TokenBucketOptions options() {
		return this.options;
	}

}
