package io.fluxor.gateway.ratelimit;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

import io.github.bucket4j.TimeMeter;

/**
 * The route-level limit: one bucket shared by every caller of a route, protecting the upstreams
 * from the total load. Counts its rejections for {@code fluxor.ratelimit.rejected{scope=route}}.
 */
public final class RouteRateLimiter {

	private final TokenBucket bucket;

	private final TokenBucketOptions options;

	private final LongAdder rejected = new LongAdder();

	/**
	 * Creates the limiter.
	 * @param options capacity and refill of the route's bucket
	 */
	public RouteRateLimiter(TokenBucketOptions options) {
		this(options, TimeMeter.SYSTEM_NANOTIME);
	}

	RouteRateLimiter(TokenBucketOptions options, TimeMeter time) {
		this.options = Objects.requireNonNull(options, "options");
		this.bucket = new TokenBucket(options, RateLimitScope.ROUTE, time);
	}

	/**
	 * Takes a token for one request.
	 * @return the decision
	 */
	public RateLimitDecision tryAcquire() {
		RateLimitDecision decision = this.bucket.tryConsume();
		if (!decision.allowed()) {
			this.rejected.increment();
		}
		return decision;
	}

	/**
	 * Returns the tokens available now.
	 * @return the tokens
	 */
	public long availableTokens() {
		return this.bucket.availableTokens();
	}

	/**
	 * Returns the requests rejected so far.
	 * @return the count
	 */
	public long rejected() {
		return this.rejected.sum();
	}

	/**
	 * Returns the bucket's shape.
	 * @return the options
	 */
	public TokenBucketOptions options() {
		return this.options;
	}

}
