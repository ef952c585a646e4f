package io.fluxor.gateway.filter;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fluxor.gateway.ratelimit.KeyResolver;
import io.fluxor.gateway.ratelimit.RouteRateLimiter;
import io.fluxor.gateway.ratelimit.TokenBucketOptions;
import io.fluxor.gateway.ratelimit.UserRateLimiter;
import io.fluxor.gateway.route.RoutePolicy;

/**
 * The limits of one route, as the {@link RateLimitFilter} applies them: a route bucket shared by
 * every caller, a bucket per user, or both. Carried by its route
 * ({@code route.withPolicy(policy)}), so the buckets live exactly as long as the route: a route
 * replaced with a new policy starts from full buckets, a route removed takes its buckets with it,
 * and a copy of the route ({@code route.withTarget(...)}) shares them.
 *
 * @param routeLimiter the route-level limit, or {@code null} for none
 * @param userLimiter the user-level limit, or {@code null} for none
 * @param keyResolver how the user key is found; required with a user limit, ignored otherwise
 */
public record RateLimitPolicy(RouteRateLimiter routeLimiter, UserRateLimiter userLimiter, KeyResolver keyResolver)
		implements RoutePolicy {

	/**
	 * Validates the policy.
	 */
	public RateLimitPolicy {
		if (routeLimiter == null && userLimiter == null) {
			throw new IllegalArgumentException("A rate limit policy needs a route limit, a user limit or both");
		}
		if (userLimiter != null && keyResolver == null) {
			throw new IllegalArgumentException("A user limit needs a key resolver");
		}
	}

	@Override
	public String name() {
		return "rateLimit";
	}

	@Override
	public Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		if (this.routeLimiter != null) {
			Map<String, Object> route = bucket(this.routeLimiter.options());
			route.put("availableTokens", this.routeLimiter.availableTokens());
			route.put("rejected", this.routeLimiter.rejected());
			description.put("route", route);
		}
		if (this.userLimiter != null) {
			Map<String, Object> user = bucket(this.userLimiter.options());
			user.put("keySources", this.keyResolver.sources().stream().map(Object::toString).toList());
			user.put("buckets", this.userLimiter.bucketCount());
			user.put("rejected", this.userLimiter.rejected());
			description.put("user", user);
		}
		return description;
	}

	private static Map<String, Object> bucket(TokenBucketOptions options) {
		Map<String, Object> bucket = new LinkedHashMap<>();
		bucket.put("capacity", options.capacity());
		bucket.put("refillTokens", options.refillTokens());
		bucket.put("refillPeriod", options.refillPeriod().toString());
		return bucket;
	}

	/**
	 * Returns a policy with only a route bucket, shared by every caller.
	 * @param options the bucket's capacity and refill
	 * @return the policy
	 */
	public static RateLimitPolicy perRoute(TokenBucketOptions options) {
		return new RateLimitPolicy(new RouteRateLimiter(options), null, null);
	}

	/**
	 * Returns a policy with only a bucket per user.
	 * @param options each bucket's capacity and refill
	 * @param keyResolver how the user key of a request is found
	 * @return the policy
	 */
	public static RateLimitPolicy perUser(TokenBucketOptions options, KeyResolver keyResolver) {
		return new RateLimitPolicy(null, new UserRateLimiter(options), keyResolver);
	}

}
