package io.fluxor.gateway.filter;

import io.fluxor.gateway.ratelimit.KeyResolver;
import io.fluxor.gateway.ratelimit.RouteRateLimiter;
import io.fluxor.gateway.ratelimit.UserRateLimiter;

/**
 * The limits of one route, as the {@link RateLimitFilter} applies them: a route bucket shared by
 * every caller, a bucket per user, or both.
 *
 * @param routeLimiter the route-level limit, or {@code null} for none
 * @param userLimiter the user-level limit, or {@code null} for none
 * @param keyResolver how the user key is found; required with a user limit, ignored otherwise
 */
public record RateLimitPolicy(RouteRateLimiter routeLimiter, UserRateLimiter userLimiter, KeyResolver keyResolver) {

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

}
