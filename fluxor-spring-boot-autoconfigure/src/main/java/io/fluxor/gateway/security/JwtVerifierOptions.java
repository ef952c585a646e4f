package io.fluxor.gateway.security;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Programmatic options of a {@link JwtVerifier}: exactly one key source (HMAC secret, JWKS file or
 * JWKS URL), the allowed algorithms and the claim checks. Immutable; {@code with*} methods return
 * a copy.
 * <p>
 * An HMAC secret allows only {@code HS*} algorithms and a JWKS only asymmetric ones: mixing them is
 * what key-confusion attacks exploit (a public key used as an HMAC secret), so it is refused here.
 */
public final class JwtVerifierOptions {

	/** Default tolerance on {@code exp} and {@code nbf}. */
	public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

	/**
	 * Largest tolerance on {@code exp} and {@code nbf}: every second of it keeps an expired token
	 * accepted a second longer. Kerberos' default tolerance; Nimbus and Spring Security default to
	 * 60 seconds.
	 */
	public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

	/** Default bound on fetching a JWKS URL (connect and response). */
	public static final Duration DEFAULT_JWKS_TIMEOUT = Duration.ofSeconds(5);

	/** Default age after which a fetched JWKS is refreshed in the background. */
	public static final Duration DEFAULT_JWKS_REFRESH_INTERVAL = Duration.ofMinutes(5);

	/** Default shortest time between two fetches (refreshes triggered by unknown key ids). */
	public static final Duration DEFAULT_JWKS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

	/** Default most verified tokens cached. */
	public static final int DEFAULT_CACHE_SIZE = 10_000;

	/** Default time a verified token is served from the cache before it is verified again. */
	public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

	/** Shortest HMAC secret accepted, in bytes (HS256 needs 256 bits). */
	public static final int MIN_SECRET_LENGTH = 32;

	private static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");

	// no EdDSA: Nimbus verifies it only with Tink, and its key selector yields no Java key for an OKP JWK;
	// no ES256K: Java 17's EC provider dropped its curve, secp256k1, so no key of it can be built
	private static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
			"ES256", "ES384", "ES512");

	private final byte[] secret;

	private final Path jwksFile;

	private final URI jwksUri;

	private final Set<String> algorithms;

	private final String issuer;

	private final String audience;

	private final Duration clockSkew;

	private final boolean requireExpiration;

	private final Duration jwksTimeout;

	private final Duration jwksRefreshInterval;

	private final Duration jwksMinRefreshInterval;

	private final Clock clock;

	private final int cacheSize;

	private final Duration cacheTtl;

	private JwtVerifierOptions(byte[] secret, Path jwksFile, URI jwksUri, Set<String> algorithms, String issuer,
			String audience, Duration clockSkew, boolean requireExpiration, Duration jwksTimeout,
			Duration jwksRefreshInterval, Duration jwksMinRefreshInterval, Clock clock, int cacheSize, Duration cacheTtl) {
		this.secret = secret;
		this.jwksFile = jwksFile;
		this.jwksUri = jwksUri;
		this.algorithms = algorithms;
		this.issuer = issuer;
		this.audience = audience;
		this.clockSkew = clockSkew;
		this.requireExpiration = requireExpiration;
		this.jwksTimeout = jwksTimeout;
		this.jwksRefreshInterval = jwksRefreshInterval;
		this.jwksMinRefreshInterval = jwksMinRefreshInterval;
		this.clock = clock;
		this.cacheSize = cacheSize;
		this.cacheTtl = cacheTtl;
	}

	/**
	 * Options verifying HMAC-signed tokens, allowing {@code HS256}.
	 * @param secret shared secret, at least {@value #MIN_SECRET_LENGTH} bytes
	 * @return the options
	 */
	public static JwtVerifierOptions hmac(byte[] secret) {
		Objects.requireNonNull(secret, "secret");
		if (secret.length < MIN_SECRET_LENGTH) {
			throw new IllegalArgumentException("JWT secret must be at least " + MIN_SECRET_LENGTH
					+ " bytes (256 bits), was " + secret.length);
		}
		return defaults(secret.clone(), null, null, Set.of("HS256"));
	}

	/**
	 * Options verifying with the public keys of a JWKS file, allowing {@code RS256}.
	 * @param file JSON Web Key Set file
	 * @return the options
	 */
	public static JwtVerifierOptions jwksFile(Path file) {
		return defaults(null, Objects.requireNonNull(file, "file"), null, Set.of("RS256"));
	}

	/**
	 * Options verifying with the public keys fetched from a JWKS URL, allowing {@code RS256}.
	 * @param uri {@code http} or {@code https} URL of the key set
	 * @return the options
	 */
	public static JwtVerifierOptions jwksUri(URI uri) {
		Objects.requireNonNull(uri, "uri");
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
			throw new IllegalArgumentException("JWKS URL '" + uri + "' must be an absolute http or https URL");
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535) {
			throw new IllegalArgumentException("JWKS URL '" + uri + "' must have a port between 1 and 65535");
		}
		return defaults(null, null, uri, Set.of("RS256"));
	}

	private static JwtVerifierOptions defaults(byte[] secret, Path file, URI uri, Set<String> algorithms) {
		return new JwtVerifierOptions(secret, file, uri, algorithms, null, null, DEFAULT_CLOCK_SKEW, true,
				DEFAULT_JWKS_TIMEOUT, DEFAULT_JWKS_REFRESH_INTERVAL, DEFAULT_JWKS_MIN_REFRESH_INTERVAL,
				Clock.systemUTC(), DEFAULT_CACHE_SIZE, DEFAULT_CACHE_TTL);
	}

	/**
	 * Returns a copy allowing exactly these algorithms ({@code none} is never allowed).
	 * @param algorithms JWS algorithm names such as {@code HS256} or {@code ES256}
	 * @return the copy
	 * @throws IllegalArgumentException if an algorithm does not fit the key source
	 */
	public JwtVerifierOptions withAlgorithms(Set<String> algorithms) {
		if (algorithms.isEmpty()) {
			throw new IllegalArgumentException("JWT algorithms must not be empty");
		}
		Set<String> allowed = (this.secret != null) ? HMAC : ASYMMETRIC;
		for (String algorithm : algorithms) {
			if (!allowed.contains(algorithm)) {
				throw new IllegalArgumentException("JWT algorithm '" + algorithm + "' is not allowed with "
						+ ((this.secret != null) ? "an HMAC secret" : "a JWKS") + "; allowed: " + allowed);
			}
		}
		return new JwtVerifierOptions(this.secret, this.jwksFile, this.jwksUri, Set.copyOf(new LinkedHashSet<>(algorithms)),
				this.issuer, this.audience, this.clockSkew, this.requireExpiration, this.jwksTimeout,
				this.jwksRefreshInterval, this.jwksMinRefreshInterval, this.clock, this.cacheSize, this.cacheTtl);
	}

	/**
	 * Returns a copy requiring this {@code iss}.
	 * @param issuer expected issuer, or {@code null} not to check
	 * @return the copy
	 */
	public JwtVerifierOptions withIssuer(String issuer) {
		return new JwtVerifierOptions(this.secret, this.jwksFile, this.jwksUri, this.algorithms, issuer, this.audience,
				this.clockSkew, this.requireExpiration, this.jwksTimeout, this.jwksRefreshInterval,
				this.jwksMinRefreshInterval, this.clock, this.cacheSize, this.cacheTtl);
	}

	/**
	 * Returns a copy requiring {@code aud} to contain this audience.
	 * @param audience expected audience, or {@code null} not to check
	 * @return the copy
	 */
	public JwtVerifierOptions withAudience(String audience) {
		return new JwtVerifierOptions(this.secret, this.jwksFile, this.jwksUri, this.algorithms, this.issuer, audience,
				this.clockSkew, this.requireExpiration, this.jwksTimeout, this.jwksRefreshInterval,
				this.jwksMinRefreshInterval, this.clock, this.cacheSize, this.cacheTtl);
	}

	/**
	 * Returns a copy with this tolerance on {@code exp} and {@code nbf}.
	 * @param clockSkew tolerance, from zero to {@link #MAX_CLOCK_SKEW}
	 * @return the copy
	 * @throws IllegalArgumentException if the tolerance is negative or above the maximum
	 */
	public JwtVerifierOptions withClockSkew(Duration clockSkew) {
		if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
			throw new IllegalArgumentException("JWT clock-skew must be between 0 and 5 minutes, was " + clockSkew);
		}
		return new JwtVerifierOptions(this.secret, this.jwksFile, this.jwksUri, this.algorithms, this.issuer,
				this.audience, clockSkew, this.requireExpiration, this.jwksTimeout, this.jwksRefreshInterval,
				this.jwksMinRefreshInterval, this.clock, this.cacheSize, this.cacheTtl);
	}

	/**
	 * Returns a copy that does or does not refuse tokens without {@code exp}.
	 * @param requireExpiration whether {@code exp} is required
	 * @return the copy
	 */
	public JwtVerifierOptions withRequireExpiration(boolean requireExpiration) {
		return new JwtVerifierOptions(this.secret, this.jwksFile, this.jwksUri, this.algorithms, this.issuer,
				this.audience, this.clockSkew, requireExpiration, this.jwksTimeout, this.jwksRefreshInterval,
				this.jwksMinRefreshInterval, this.clock, this.cacheSize, this.cacheTtl);
	}

	/**
	 * Returns a copy with these JWKS URL fetch settings.
	 * @param timeout bound on one fetch
	 * @param refreshInterval age after which the key set is refreshed in the background
	 * @param minRefreshInterval shortest time between two fetches
	 * @return the copy
	 */
	public JwtVerifierOptions withJwksFetching(Duration timeout, Duration refreshInterval,
			Duration minRefreshInterval) {
		return new JwtVerifierOptions(this.secret, this.jwksFile, this.jwksUri, this.algorithms, this.issuer,
				this.audience, this.clockSkew, this.requireExpiration, positive(timeout, "jwks-timeout"),
				positive(refreshInterval, "jwks-refresh-interval"), minRefreshInterval, this.clock, this.cacheSize,
				this.cacheTtl);
	}

	/**
	 * Returns a copy reading time from this clock (tests).
	 * @param clock the clock
	 * @return the copy
	 */
	public JwtVerifierOptions withClock(Clock clock) {
		return new JwtVerifierOptions(this.secret, this.jwksFile, this.jwksUri, this.algorithms, this.issuer,
				this.audience, this.clockSkew, this.requireExpiration, this.jwksTimeout, this.jwksRefreshInterval,
				this.jwksMinRefreshInterval, Objects.requireNonNull(clock, "clock"), this.cacheSize,
				this.cacheTtl);
	}

	/**
	 * Returns a copy caching successful verifications: a token seen again is not parsed nor its
	 * signature checked, only its {@code exp} and {@code nbf} against the clock. The time to live
	 * bounds how long a token stays accepted after its key leaves a JWKS. Needs Caffeine on the class
	 * path unless {@code maxEntries} is zero.
	 * @param maxEntries most tokens cached, zero to verify every token in full
	 * @param ttl time a token is served from the cache after its full verification
	 * @return the copy
	 */
	public JwtVerifierOptions withCache(int maxEntries, Duration ttl) {
		Objects.requireNonNull(ttl, "ttl");
		if (maxEntries < 0) {
			throw new IllegalArgumentException("JWT cache-size must not be negative, was " + maxEntries);
		}
		return new JwtVerifierOptions(this.secret, this.jwksFile, this.jwksUri, this.algorithms, this.issuer,
				this.audience, this.clockSkew, this.requireExpiration, this.jwksTimeout, this.jwksRefreshInterval,
				this.jwksMinRefreshInterval, this.clock, maxEntries, positive(ttl, "cache-ttl"));
	}

	private static Duration positive(Duration duration, String name) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("JWT " + name + " must be positive, was " + duration);
		}
		return duration;
	}

	byte[] secret() {
		return this.secret;
	}

	Path jwksFile() {
		return this.jwksFile;
	}

	URI jwksUri() {
		return this.jwksUri;
	}

	/**
	 * Returns the allowed algorithms.
	 * @return the algorithm names
	 */
	public Set<String> algorithms() {
		return this.algorithms;
	}

	String issuer() {
		return this.issuer;
	}

	String audience() {
		return this.audience;
	}

	Duration clockSkew() {
		return this.clockSkew;
	}

	boolean requireExpiration() {
		return this.requireExpiration;
	}

	Duration jwksTimeout() {
		return this.jwksTimeout;
	}

	Duration jwksRefreshInterval() {
		return this.jwksRefreshInterval;
	}

	Duration jwksMinRefreshInterval() {
		return this.jwksMinRefreshInterval;
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * Returns the most verified tokens cached.
	 * @return the size, zero when the cache is off
	 */
	public int cacheSize() {
		return this.cacheSize;
	}

	/**
	 * Returns how long a verified token is served from the cache.
	 * @return the time to live
	 */
	public Duration cacheTtl() {
		return this.cacheTtl;
	}

}
