package io.fluxor.autoconfigure.gateway;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import io.fluxor.gateway.security.JwtVerifier;
import io.fluxor.gateway.security.JwtVerifierOptions;

import org.springframework.util.ClassUtils;

/**
 * Turns {@code fluxor.gateway.jwt.*} into a {@link JwtVerifier}, failing with an
 * {@link InvalidGatewayPropertyException} that names the property path of the first value that
 * cannot work.
 */
final class JwtSecurityFactory {

	private static final String PREFIX = GatewayJwtProperties.PREFIX;

	private static final String CAFFEINE = "com.github.benmanes.caffeine.cache.Caffeine";

	/** Why a route cannot be authenticated without a key. */
	static final String NO_KEY = "needs a JWT key: set " + PREFIX + ".hmac-secret, jwks-file or jwks-uri";

	private JwtSecurityFactory() {
	}

	static boolean hasKeySource(GatewayJwtProperties properties) {
		return properties.getHmacSecret() != null || properties.getJwksFile() != null
				|| properties.getJwksUri() != null;
	}

	static JwtVerifier verifier(GatewayJwtProperties properties, ClassLoader classLoader) {
		int sources = ((properties.getHmacSecret() != null) ? 1 : 0) + ((properties.getJwksFile() != null) ? 1 : 0)
				+ ((properties.getJwksUri() != null) ? 1 : 0);
		if (sources != 1) {
			throw new InvalidGatewayPropertyException(PREFIX, "must set exactly one of hmac-secret, jwks-file or "
					+ "jwks-uri but sets " + ((sources == 0) ? "none" : sources));
		}
		JwtVerifierOptions options;
		if (properties.getHmacSecret() != null) {
			options = build(PREFIX + ".hmac-secret",
					() -> JwtVerifierOptions.hmac(properties.getHmacSecret().getBytes(StandardCharsets.UTF_8)));
		}
		else if (properties.getJwksFile() != null) {
			options = JwtVerifierOptions.jwksFile(properties.getJwksFile());
		}
		else {
			options = build(PREFIX + ".jwks-uri", () -> JwtVerifierOptions.jwksUri(properties.getJwksUri()));
		}
		JwtVerifierOptions base = options;
		if (!properties.getAlgorithms().isEmpty()) {
			options = build(PREFIX + ".algorithms", () -> base.withAlgorithms(properties.getAlgorithms()));
		}
		JwtVerifierOptions algorithms = options;
		requireNotEmpty(properties.getIssuer(), PREFIX + ".issuer", "iss");
		requireNotEmpty(properties.getAudience(), PREFIX + ".audience", "aud");
		options = build(PREFIX + ".clock-skew", () -> algorithms.withClockSkew(properties.getClockSkew()))
			.withIssuer(properties.getIssuer())
			.withAudience(properties.getAudience())
			.withRequireExpiration(properties.isRequireExpiration());
		JwtVerifierOptions verified = cache(options, properties, classLoader);
		return build(PREFIX + ".jwks-file", () -> new JwtVerifier(verified));
	}

	private static JwtVerifierOptions cache(JwtVerifierOptions options, GatewayJwtProperties properties,
			ClassLoader classLoader) {
		// One value at a time, so that a failure names its own property.
		JwtVerifierOptions ttl = build(PREFIX + ".cache-ttl",
				() -> options.withCache(options.cacheSize(), properties.getCacheTtl()));
		JwtVerifierOptions size = build(PREFIX + ".cache-size",
				() -> ttl.withCache(properties.getCacheSize(), ttl.cacheTtl()));
		// Caffeine is optional: without it every token is verified in full.
		return ClassUtils.isPresent(CAFFEINE, classLoader) ? size : size.withCache(0, size.cacheTtl());
	}

	/**
	 * Refuses an empty claim value, such as an unset environment variable gives: no token could
	 * match it, so every token would be refused.
	 */
	private static void requireNotEmpty(String value, String property, String claim) {
		if (value != null && value.isBlank()) {
			throw new InvalidGatewayPropertyException(property,
					"must not be empty; leave it unset not to check the " + claim + " claim");
		}
	}

	private static <T> T build(String property, Supplier<T> factory) {
		try {
			return factory.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidGatewayPropertyException(property, ex.getMessage());
		}
	}

}
