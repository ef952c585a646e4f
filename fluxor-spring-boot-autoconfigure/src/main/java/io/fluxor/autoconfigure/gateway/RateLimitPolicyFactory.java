package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.fluxor.autoconfigure.NanosecondDurations;
import io.fluxor.gateway.filter.RateLimitPolicy;
import io.fluxor.gateway.ratelimit.KeyResolver;
import io.fluxor.gateway.ratelimit.KeySource;
import io.fluxor.gateway.ratelimit.RouteRateLimiter;
import io.fluxor.gateway.ratelimit.TokenBucketOptions;
import io.fluxor.gateway.ratelimit.TrustedProxies;
import io.fluxor.gateway.ratelimit.UserRateLimiter;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.security.JwtVerifier;

/**
 * Turns the {@code rate-limit} section of a route, completed by the defaults of
 * {@code fluxor.gateway.rate-limit}, into the route's {@link RateLimitPolicy} with fresh buckets,
 * and {@code fluxor.gateway.trusted-proxies} into {@link TrustedProxies}, failing with an
 * {@link InvalidGatewayPropertyException} that names the property path of the first value that
 * cannot work.
 */
final class RateLimitPolicyFactory implements RoutePolicyFactory {

	private static final String PREFIX = GatewayProperties.PREFIX;

	private static final List<String> DEFAULT_KEY_SOURCES = List.of("ip");

	private final RateLimitProperties defaults;

	private final JwtVerifier jwtVerifier;

	private final TrustedProxies trustedProxies;

	/**
	 * Creates the factory.
	 * @param defaults the defaults of every route's section, {@code fluxor.gateway.rate-limit}
	 * @param jwtVerifier verifies the tokens of {@code jwt:} key sources, or {@code null} without a key
	 * @param trustedProxies proxies whose {@code X-Forwarded-For} an {@code ip} key believes
	 */
	RateLimitPolicyFactory(RateLimitProperties defaults, JwtVerifier jwtVerifier, TrustedProxies trustedProxies) {
		this.defaults = defaults;
		this.jwtVerifier = jwtVerifier;
		this.trustedProxies = trustedProxies;
	}

	static TrustedProxies trustedProxies(GatewayProperties properties) {
		List<String> cidrs = properties.getTrustedProxies();
		for (int i = 0; i < cidrs.size(); i++) {
			try {
				TrustedProxies.of(List.of(cidrs.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidGatewayPropertyException(PREFIX + ".trusted-proxies[" + i + "]", ex.getMessage());
			}
		}
		return cidrs.isEmpty() ? TrustedProxies.none() : TrustedProxies.of(cidrs);
	}

	@Override
	public String section() {
		return "rate-limit";
	}

	@Override
	public Route apply(Route route, GatewayProperties.Route definition, String property) {
		RateLimitProperties rateLimit = definition.getRateLimit();
		return (rateLimit != null) ? route.withPolicy(policy(rateLimit, property + ".rate-limit")) : route;
	}

	private RateLimitPolicy policy(RateLimitProperties rateLimit, String property) {
		RateLimitProperties defaults = this.defaults;
		RateLimitProperties.Bucket routeDefaults = (defaults.getRoute() != null) ? defaults.getRoute()
				: new RateLimitProperties.Bucket();
		RateLimitProperties.UserBucket userDefaults = (defaults.getUser() != null) ? defaults.getUser()
				: new RateLimitProperties.UserBucket();
		if (rateLimit.getRoute() == null && rateLimit.getUser() == null) {
			throw new InvalidGatewayPropertyException(property, "must configure a route bucket, a user bucket or both");
		}
		RouteRateLimiter routeLimiter = (rateLimit.getRoute() != null)
				? new RouteRateLimiter(bucket(rateLimit.getRoute(), routeDefaults, property + ".route")) : null;
		UserRateLimiter userLimiter = null;
		KeyResolver keyResolver = null;
		RateLimitProperties.UserBucket user = rateLimit.getUser();
		if (user != null) {
			String userProperty = property + ".user";
			TokenBucketOptions options = bucket(user, userDefaults, userProperty);
			long maxKeys = first(user.getMaxKeys(), userDefaults.getMaxKeys(), UserRateLimiter.DEFAULT_MAX_KEYS);
			if (maxKeys < 1) {
				throw new InvalidGatewayPropertyException(userProperty + ".max-keys",
						"must be positive but was " + maxKeys);
			}
			Duration idleTimeout = first(user.getIdleTimeout(), userDefaults.getIdleTimeout(), null);
			if (idleTimeout == null) {
				idleTimeout = timeToFill(options);
			}
			requirePositive(idleTimeout, userProperty + ".idle-timeout");
			userLimiter = new UserRateLimiter(options, maxKeys, idleTimeout);
			List<String> keySources = first(user.getKeySources(), userDefaults.getKeySources(), DEFAULT_KEY_SOURCES);
			keyResolver = keyResolver(keySources, userProperty + ".key-sources", this.jwtVerifier,
					this.trustedProxies);
		}
		return new RateLimitPolicy(routeLimiter, userLimiter, keyResolver);
	}

	private static KeyResolver keyResolver(List<String> sources, String property, JwtVerifier jwtVerifier,
			TrustedProxies trustedProxies) {
		if (sources.isEmpty()) {
			throw new InvalidGatewayPropertyException(property,
					"must list at least one of " + KeySource.ALLOWED_FORMS);
		}
		List<KeySource> parsed = new ArrayList<>(sources.size());
		for (int j = 0; j < sources.size(); j++) {
			KeySource source;
			try {
				source = KeySource.parse(sources.get(j));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidGatewayPropertyException(property + "[" + j + "]", ex.getMessage());
			}
			if (source.kind() == KeySource.Kind.JWT && jwtVerifier == null) {
				throw new InvalidGatewayPropertyException(property + "[" + j + "]", "'" + source
						+ "' needs a JWT key: set " + GatewayJwtProperties.PREFIX + ".hmac-secret, jwks-file or jwks-uri");
			}
			parsed.add(source);
		}
		return new KeyResolver(parsed, jwtVerifier, trustedProxies);
	}

	private static TokenBucketOptions bucket(RateLimitProperties.Bucket bucket, RateLimitProperties.Bucket defaults,
			String property) {
		Long capacity = first(bucket.getCapacity(), defaults.getCapacity(), null);
		if (capacity == null) {
			throw new InvalidGatewayPropertyException(property + ".capacity", "must be set");
		}
		if (capacity < 1) {
			throw new InvalidGatewayPropertyException(property + ".capacity", "must be positive but was " + capacity);
		}
		long refillTokens = first(bucket.getRefillTokens(), defaults.getRefillTokens(), capacity);
		if (refillTokens < 1) {
			throw new InvalidGatewayPropertyException(property + ".refill-tokens",
					"must be positive but was " + refillTokens);
		}
		Duration refillPeriod = first(bucket.getRefillPeriod(), defaults.getRefillPeriod(),
				TokenBucketOptions.DEFAULT_REFILL_PERIOD);
		requirePositive(refillPeriod, property + ".refill-period");
		if (refillTokens > refillPeriod.toNanos()) {
			// Bucket4j adds at most one token per nanosecond
			throw new InvalidGatewayPropertyException(property + ".refill-tokens", "must be at most one per nanosecond of "
					+ "the refill-period (" + refillPeriod + ") but was " + refillTokens);
		}
		return new TokenBucketOptions(capacity, refillTokens, refillPeriod);
	}

	/** The time a bucket takes to fill, or the longest duration when it is longer. */
	private static Duration timeToFill(TokenBucketOptions options) {
		try {
			Duration timeToFill = options.timeToFill();
			return NanosecondDurations.isTooLong(timeToFill) ? NanosecondDurations.MAX : timeToFill;
		}
		catch (ArithmeticException ex) {
			return NanosecondDurations.MAX;
		}
	}

	private static <T> T first(T value, T fallback, T builtIn) {
		return (value != null) ? value : (fallback != null) ? fallback : builtIn;
	}

	private static void requirePositive(Duration duration, String property) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidGatewayPropertyException(property, "must be positive but was " + duration);
		}
		GatewayRouteFactory.requireAtMostMax(duration, property);
	}

}
