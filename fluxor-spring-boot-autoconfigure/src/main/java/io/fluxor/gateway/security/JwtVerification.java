package io.fluxor.gateway.security;

import java.util.Objects;

/**
 * Result of verifying a token: the verified claims, or the reason for refusing it. Failures are
 * plain values (no exception, no stack trace), cheap on the hot path of forged-token floods.
 */
public final class JwtVerification {

	private static final JwtVerification[] FAILURES = failures();

	private final JwtClaims claims;

	private final JwtFailure failure;

	private JwtVerification(JwtClaims claims, JwtFailure failure) {
		this.claims = claims;
		this.failure = failure;
	}

	static JwtVerification valid(JwtClaims claims) {
		return new JwtVerification(Objects.requireNonNull(claims), null);
	}

	static JwtVerification failed(JwtFailure failure) {
		return FAILURES[failure.ordinal()];
	}

	/**
	 * Returns whether the token was verified.
	 * @return whether {@link #claims()} may be used
	 */
	public boolean isValid() {
		return this.failure == null;
	}

	/**
	 * Returns the verified claims.
	 * @return the claims
	 * @throws IllegalStateException if the token was refused
	 */
	public JwtClaims claims() {
		if (this.claims == null) {
			throw new IllegalStateException("Token was refused: " + this.failure);
		}
		return this.claims;
	}

	/**
	 * Returns why the token was refused.
	 * @return the reason, or {@code null} when valid
	 */
	public JwtFailure failure() {
		return this.failure;
	}

	@Override
	public String toString() {
		return isValid() ? "valid " + this.claims : "refused: " + this.failure;
	}

	private static JwtVerification[] failures() {
		JwtFailure[] values = JwtFailure.values();
		JwtVerification[] failures = new JwtVerification[values.length];
		for (JwtFailure failure : values) {
			failures[failure.ordinal()] = new JwtVerification(null, failure);
		}
		return failures;
	}

}
