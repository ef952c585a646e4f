package io.fluxor.gateway.security;

/**
 * Why a bearer token was refused. Each reason renders the RFC 6750 {@code WWW-Authenticate} value
 * of a 401 response; descriptions are fixed texts, never echoing the token.
 */
public enum JwtFailure {

	/** The request carries no bearer token. */
	MISSING(null),

	/** The token is not a parseable JWS compact serialization. */
	MALFORMED("The token is malformed"),

	/** The token is unsigned ({@code alg: none}) or encrypted rather than signed. */
	UNSIGNED("The token is not signed"),

	/** The header names an algorithm outside the configured allow-list. */
	DISALLOWED_ALGORITHM("The signing algorithm is not allowed"),

	/** No configured key verifies the signature. */
	INVALID_SIGNATURE("The signature is invalid"),

	/** The {@code exp} time has passed (beyond the clock skew). */
	EXPIRED("The token has expired"),

	/** The {@code nbf} time has not come yet (beyond the clock skew). */
	NOT_YET_VALID("The token is not yet valid"),

	/** The token has no {@code exp} claim and expiry is required. */
	MISSING_EXPIRATION("The token has no expiration time"),

	/** The {@code iss} claim is not the configured issuer. */
	INVALID_ISSUER("The token issuer is not accepted"),

	/** The {@code aud} claim does not contain the configured audience. */
	INVALID_AUDIENCE("The token audience is not accepted"),

	/** The signing keys could not be loaded (JWKS URL unreachable and nothing cached). */
	KEYS_UNAVAILABLE("The signing keys are unavailable");

	private final String description;

	JwtFailure(String description) {
		this.description = description;
	}

	/**
	 * Returns the {@code error_description}, or {@code null} for {@link #MISSING}.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

	/**
	 * Returns the {@code WWW-Authenticate} value of a 401 for this failure: a bare {@code Bearer}
	 * challenge when no token was sent, {@code invalid_token} with a description otherwise.
	 * @return the header value
	 */
	public String wwwAuthenticate() {
		return (this.description != null)
				? "Bearer error=\"invalid_token\", error_description=\"" + this.description + "\"" : "Bearer";
	}

}
