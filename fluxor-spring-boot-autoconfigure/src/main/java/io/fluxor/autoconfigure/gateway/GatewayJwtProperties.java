package io.fluxor.autoconfigure.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the gateway verifies bearer JWTs ({@code fluxor.gateway.jwt.*}), for route authentication
 * and {@code jwt:CLAIM} rate-limit keys: exactly one key source (an HMAC secret, a JWKS file or a
 * JWKS URL), the allowed algorithms and the claim checks.
 */
@ConfigurationProperties(GatewayJwtProperties.PREFIX)
public class GatewayJwtProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "fluxor.gateway.jwt";

	/**
	 * Shared secret of HMAC-signed tokens, at least 32 bytes in UTF-8. Excludes jwks-file and
	 * jwks-uri.
	 */
	private String hmacSecret;

	/**
	 * JSON Web Key Set file with the public keys of asymmetrically signed tokens.
	 */
	private Path jwksFile;

	/**
	 * URL of a JSON Web Key Set, fetched in the background and refreshed periodically; an absolute
	 * http or https URL with a host.
	 */
	private URI jwksUri;

	/**
	 * Allowed signing algorithms. Defaults to HS256 with an HMAC secret and RS256 with a JWKS; HMAC
	 * and asymmetric algorithms cannot be mixed.
	 */
	private Set<String> algorithms = new LinkedHashSet<>();

	/**
	 * Issuer the iss claim must equal; not checked when absent. Not empty.
	 */
	private String issuer;

	/**
	 * Audience the aud claim must contain; not checked when absent. Not empty.
	 */
	private String audience;

	/**
	 * Tolerance on the exp and nbf claims, from 0 to 5 minutes: an expired token stays accepted
	 * that much longer.
	 */
	private Duration clockSkew = Duration.ofSeconds(30);

	/**
	 * Whether tokens without an exp claim are refused.
	 */
	private boolean requireExpiration = true;

	/**
	 * Most verified tokens cached, so that a token sent again is not parsed and its signature not
	 * checked again (exp and nbf still are). 0 verifies every token in full, as does the absence of
	 * Caffeine from the class path.
	 */
	private int cacheSize = 10_000;

	/**
	 * Time a verified token is served from the cache before it is verified in full again; also how
	 * long a token stays accepted after its key leaves the JWKS.
	 */
	private Duration cacheTtl = Duration.ofMinutes(5);

	public String getHmacSecret() {
		return this.hmacSecret;
	}

	public void setHmacSecret(String hmacSecret) {
		this.hmacSecret = hmacSecret;
	}

	public Path getJwksFile() {
		return this.jwksFile;
	}

	public void setJwksFile(Path jwksFile) {
		this.jwksFile = jwksFile;
	}

	public URI getJwksUri() {
		return this.jwksUri;
	}

	public void setJwksUri(URI jwksUri) {
		this.jwksUri = jwksUri;
	}

	public Set<String> getAlgorithms() {
		return this.algorithms;
	}

	public void setAlgorithms(Set<String> algorithms) {
		this.algorithms = algorithms;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(String issuer) {
		this.issuer = issuer;
	}

	public String getAudience() {
		return this.audience;
	}

	public void setAudience(String audience) {
		this.audience = audience;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public boolean isRequireExpiration() {
		return this.requireExpiration;
	}

	public void setRequireExpiration(boolean requireExpiration) {
		this.requireExpiration = requireExpiration;
	}

	public int getCacheSize() {
		return this.cacheSize;
	}

	public void setCacheSize(int cacheSize) {
		this.cacheSize = cacheSize;
	}

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = cacheTtl;
	}

}
