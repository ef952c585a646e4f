package io.fluxor.gateway.security;

import java.io.IOException;
import java.security.Key;
import java.text.ParseException;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;

/**
 * Verifies compact JWS bearer tokens and returns their claims or why they were refused.
 * <p>
 * Checks, in order: the token parses and is signed (never {@code alg: none}), its algorithm is in
 * the allow-list, a configured key verifies the signature (a JWKS key chosen by the token's
 * {@code kid}; the HMAC secret whatever {@code kid} a token names), {@code exp} has not passed and
 * {@code nbf} has come (both within the clock skew), and issuer and audience match when
 * configured. Verification is CPU-only and never blocks, JWKS URLs included (see the options).
 * <p>
 * Successful verifications are cached by token when the options give a cache size: a token seen
 * again within the cache's time to live only has its {@code exp} and {@code nbf} checked against
 * the clock, since nothing else can change for the same string (but its key may leave a JWKS, which
 * the time to live bounds). Refusals are never cached. Thread-safe.
 */
public final class JwtVerifier {

	private final JwtVerifierOptions options;

	private final JWSVerificationKeySelector<SecurityContext> keySelector;

	private final RemoteJwkSet remote;

	// the one HMAC key, whatever kid a token names; null with a JWKS, whose keys are selected by kid
	private final List<Key> secretKeys;

	private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

	private final VerifiedTokenCache cache;

	/**
	 * Creates a verifier. A JWKS file is read now; a JWKS URL is fetched in the background (call
	 * {@link #refreshKeys()} to wait for it).
	 * @param options key source, algorithms and checks
	 * @throws IllegalArgumentException if a JWKS file cannot be read
	 */
	public JwtVerifier(JwtVerifierOptions options) {
		this(options, System::nanoTime);
	}

	JwtVerifier(JwtVerifierOptions options, LongSupplier nanoTime) {
		this.options = options;
		JWKSource<SecurityContext> source;
		if (options.secret() != null) {
			source = new ImmutableSecret<>(options.secret());
			this.remote = null;
			this.secretKeys = List.of(new SecretKeySpec(options.secret(), "HMAC"));
		}
		else if (options.jwksFile() != null) {
			source = new ImmutableJWKSet<>(load(options));
			this.remote = null;
			this.secretKeys = null;
		}
		else {
			this.remote = new RemoteJwkSet(options.jwksUri(), options.jwksTimeout(), options.jwksRefreshInterval(),
					options.jwksMinRefreshInterval());
			source = this.remote;
			this.secretKeys = null;
		}
		Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
		options.algorithms().forEach((name) -> algorithms.add(JWSAlgorithm.parse(name)));
		this.keySelector = new JWSVerificationKeySelector<>(algorithms, source);
		// Only created when asked for: Caffeine is optional and must not be loaded otherwise.
		this.cache = (options.cacheSize() > 0)
				? new VerifiedTokenCache(options.cacheSize(), options.cacheTtl(), nanoTime) : null;
	}

	private static JWKSet load(JwtVerifierOptions options) {
		try {
			return JWKSet.load(options.jwksFile().toFile()).toPublicJWKSet();
		}
		catch (IOException | ParseException ex) {
			throw new IllegalArgumentException("JWKS file '" + options.jwksFile() + "' cannot be read as a JSON Web Key Set: "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Fetches the JWKS URL now (no-op for secrets and files), bounded by the fetch timeout.
	 * @return completes once the keys are loaded, or errors
	 */
	public Mono<Void> refreshKeys() {
		return (this.remote != null) ? this.remote.refresh() : Mono.empty();
	}

	/**
	 * Verifies a token.
	 * @param token the compact serialization (without {@code Bearer }), may be {@code null}
	 * @return the claims, or the reason for refusing the token
	 */
	public JwtVerification verify(String token) {
		if (token == null || token.isBlank()) {
			return JwtVerification.failed(JwtFailure.MISSING);
		}
		String compact = token.trim();
		if (this.cache != null) {
			VerifiedTokenCache.Entry cached = this.cache.get(compact);
			if (cached != null) {
				return revalidate(compact, cached);
			}
		}
		JWT jwt;
		try {
			jwt = JWTParser.parse(compact);
		}
		catch (ParseException ex) {
			return JwtVerification.failed(JwtFailure.MALFORMED);
		}
		if (!(jwt instanceof SignedJWT signed)) {
			return JwtVerification.failed(JwtFailure.UNSIGNED);
		}
		JWSHeader header = signed.getHeader();
		if (!this.keySelector.isAllowed(header.getAlgorithm())) {
			return JwtVerification.failed(JwtFailure.DISALLOWED_ALGORITHM);
		}
		JwtFailure signature = verifySignature(signed, header);
		if (signature != null) {
			return JwtVerification.failed(signature);
		}
		JWTClaimsSet claims;
		try {
			claims = signed.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			return JwtVerification.failed(JwtFailure.MALFORMED);
		}
		JwtFailure failure = checkClaims(claims);
		if (failure != null) {
			return JwtVerification.failed(failure);
		}
		JwtVerification verification = JwtVerification.valid(new JwtClaims(claims.toJSONObject()));
		if (this.cache != null) {
			this.cache.put(compact, new VerifiedTokenCache.Entry(verification, expiresAt(claims), notBefore(claims)));
		}
		return verification;
	}

	private JwtVerification revalidate(String token, VerifiedTokenCache.Entry cached) {
		JwtFailure failure = checkTimes(cached.expiresAt(), cached.notBefore());
		if (failure == null) {
			return cached.verification();
		}
		if (failure == JwtFailure.EXPIRED) {
			// It will never be valid again; a clock gone back (NOT_YET_VALID) may make it valid.
			this.cache.remove(token);
		}
		return JwtVerification.failed(failure);
	}

	/**
	 * Returns the number of tokens in the cache (tests).
	 * @return the count, zero without a cache
	 */
	long cachedTokens() {
		return (this.cache != null) ? this.cache.size() : 0;
	}

	private JwtFailure verifySignature(SignedJWT signed, JWSHeader header) {
		List<? extends Key> keys;
		try {
			keys = (this.secretKeys != null) ? this.secretKeys : this.keySelector.selectJWSKeys(header, null);
		}
		catch (KeySourceException ex) {
			return JwtFailure.KEYS_UNAVAILABLE;
		}
		for (Key key : keys) {
			try {
				JWSVerifier verifier = this.verifiers.createJWSVerifier(header, key);
				if (signed.verify(verifier)) {
					return null;
				}
			}
			catch (JOSEException ex) {
				// Key unfit for this algorithm (type or length): try the next one.
			}
		}
		return JwtFailure.INVALID_SIGNATURE;
	}

	private JwtFailure checkClaims(JWTClaimsSet claims) {
		if (claims.getExpirationTime() == null && this.options.requireExpiration()) {
			return JwtFailure.MISSING_EXPIRATION;
		}
		JwtFailure time = checkTimes(expiresAt(claims), notBefore(claims));
		if (time != null) {
			return time;
		}
		String issuer = this.options.issuer();
		if (issuer != null && !issuer.equals(claims.getIssuer())) {
			return JwtFailure.INVALID_ISSUER;
		}
		String audience = this.options.audience();
		if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
			return JwtFailure.INVALID_AUDIENCE;
		}
		return null;
	}

	private JwtFailure checkTimes(long expiresAt, long notBefore) {
		long now = this.options.clock().millis();
		long skew = this.options.clockSkew().toMillis();
		if (now - skew >= expiresAt) {
			return JwtFailure.EXPIRED;
		}
		if (now + skew < notBefore) {
			return JwtFailure.NOT_YET_VALID;
		}
		return null;
	}

	// An absent exp or nbf is the farthest future or past, so that the checks need no null case.
	private static long expiresAt(JWTClaimsSet claims) {
		Date expiration = claims.getExpirationTime();
		return (expiration != null) ? expiration.getTime() : Long.MAX_VALUE;
	}

	private static long notBefore(JWTClaimsSet claims) {
		Date notBefore = claims.getNotBeforeTime();
		return (notBefore != null) ? notBefore.getTime() : Long.MIN_VALUE;
	}

}
