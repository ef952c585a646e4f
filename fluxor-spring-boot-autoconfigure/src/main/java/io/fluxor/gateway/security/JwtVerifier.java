package io.fluxor.gateway.security;

import java.io.IOException;
import java.security.Key;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
 * the allow-list, a configured key verifies the signature, {@code exp} has not passed and
 * {@code nbf} has come (both within the clock skew), and issuer and audience match when
 * configured. Verification is CPU-only and never blocks, JWKS URLs included (see the options).
 * Thread-safe.
 */
public final class JwtVerifier {

	private final JwtVerifierOptions options;

	private final JWSVerificationKeySelector<SecurityContext> keySelector;

	private final RemoteJwkSet remote;

	private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

	/**
	 * Creates a verifier. A JWKS file is read now; a JWKS URL is fetched in the background (call
	 * {@link #refreshKeys()} to wait for it).
	 * @param options key source, algorithms and checks
	 * @throws IllegalArgumentException if a JWKS file cannot be read
	 */
	public JwtVerifier(JwtVerifierOptions options) {
		this.options = options;
		JWKSource<SecurityContext> source;
		if (options.secret() != null) {
			source = new ImmutableSecret<>(options.secret());
			this.remote = null;
		}
		else if (options.jwksFile() != null) {
			source = new ImmutableJWKSet<>(load(options));
			this.remote = null;
		}
		else {
			this.remote = new RemoteJwkSet(options.jwksUri(), options.jwksTimeout(), options.jwksRefreshInterval(),
					options.jwksMinRefreshInterval());
			source = this.remote;
		}
		Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
		options.algorithms().forEach((name) -> algorithms.add(JWSAlgorithm.parse(name)));
		this.keySelector = new JWSVerificationKeySelector<>(algorithms, source);
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
		JWT jwt;
		try {
			jwt = JWTParser.parse(token.trim());
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
		return (failure != null) ? JwtVerification.failed(failure)
				: JwtVerification.valid(new JwtClaims(claims.toJSONObject()));
	}

	private JwtFailure verifySignature(SignedJWT signed, JWSHeader header) {
		List<? extends Key> keys;
		try {
			keys = this.keySelector.selectJWSKeys(header, null);
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
		Instant now = this.options.clock().instant();
		long skew = this.options.clockSkew().toMillis();
		Date expiration = claims.getExpirationTime();
		if (expiration == null && this.options.requireExpiration()) {
			return JwtFailure.MISSING_EXPIRATION;
		}
		if (expiration != null && now.toEpochMilli() - skew >= expiration.getTime()) {
			return JwtFailure.EXPIRED;
		}
		Date notBefore = claims.getNotBeforeTime();
		if (notBefore != null && now.toEpochMilli() + skew < notBefore.getTime()) {
			return JwtFailure.NOT_YET_VALID;
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

}
