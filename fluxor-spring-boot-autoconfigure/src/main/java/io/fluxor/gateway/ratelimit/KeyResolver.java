package io.fluxor.gateway.ratelimit;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import io.fluxor.gateway.security.JwtVerification;
import io.fluxor.gateway.security.JwtVerifier;

/**
 * Resolves the user key of a request from a route's ordered key sources: the first source that
 * yields a non-blank value wins.
 * <p>
 * Keys are prefixed with their source ({@code header:alice}, {@code ip:203.0.113.7}) so that a
 * header value can never land in the bucket of an address. When no source yields a value the
 * request falls back to {@code ip}: every request has a peer, and an anonymous caller must not
 * escape the user limit by omitting a header. JWTs count only once verified: a forged or unsigned
 * token yields nothing, and the next source (ultimately the address) applies.
 */
public final class KeyResolver {

	/** Key used when even the peer address is unknown: such requests share one bucket. */
	public static final String UNKNOWN_KEY = "ip:unknown";

	/**
	 * Longest key held as it is; a longer value (a header, form field or claim of any size a client
	 * chooses) is held as its SHA-256 digest, so that {@code max-keys} buckets bound the memory.
	 */
	public static final int MAX_KEY_LENGTH = 128;

	private static final String BEARER = "bearer ";

	private static final String BASIC = "basic ";

	private final List<KeySource> sources;

	private final JwtVerifier jwtVerifier;

	private final ClientAddressResolver addresses;

	/**
	 * Creates the resolver.
	 * @param sources sources in order, at least one
	 * @param jwtVerifier verifier of bearer tokens; required when a {@code jwt:} source is listed
	 * @param trustedProxies proxies whose {@code X-Forwarded-For} is believed
	 */
	public KeyResolver(List<KeySource> sources, JwtVerifier jwtVerifier, TrustedProxies trustedProxies) {
		this.sources = List.copyOf(sources);
		if (this.sources.isEmpty()) {
			throw new IllegalArgumentException("key-sources must list at least one of " + KeySource.ALLOWED_FORMS);
		}
		if (jwtVerifier == null && this.sources.stream().anyMatch((s) -> s.kind() == KeySource.Kind.JWT)) {
			throw new IllegalArgumentException("A jwt: key source needs a JWT verifier (secret or JWKS) to be configured");
		}
		this.jwtVerifier = jwtVerifier;
		this.addresses = new ClientAddressResolver(trustedProxies);
	}

	/**
	 * Creates a resolver from configuration values such as {@code header:X-User-ID}.
	 * @param sources values in order
	 * @param jwtVerifier verifier of bearer tokens, or {@code null}
	 * @param trustedProxies proxies whose {@code X-Forwarded-For} is believed
	 * @return the resolver
	 * @throws IllegalArgumentException naming an invalid value and the allowed forms
	 */
	public static KeyResolver parse(List<String> sources, JwtVerifier jwtVerifier, TrustedProxies trustedProxies) {
		List<KeySource> parsed = new ArrayList<>(sources.size());
		for (String source : sources) {
			parsed.add(KeySource.parse(source));
		}
		return new KeyResolver(parsed, jwtVerifier, trustedProxies);
	}

	/**
	 * Returns the user key of a request.
	 * @param request the request
	 * @return the key, prefixed with its source; never {@code null}
	 */
	public String resolve(RequestKeyContext request) {
		Objects.requireNonNull(request, "request");
		for (KeySource source : this.sources) {
			String value = value(source, request);
			if (value != null && !value.isBlank()) {
				String prefix = source.kind().prefix();
				return (prefix.length() + 1 + value.length() <= MAX_KEY_LENGTH) ? prefix + ":" + value
						: prefix + ":sha256:" + digest(value);
			}
		}
		return ipKey(request);
	}

	/**
	 * Returns the sources, in order.
	 * @return the sources
	 */
	public List<KeySource> sources() {
		return this.sources;
	}

	private String value(KeySource source, RequestKeyContext request) {
		return switch (source.kind()) {
			case HEADER -> request.header(source.name());
			case QUERY -> request.queryParameter(source.name());
			case COOKIE -> request.cookie(source.name());
			case FORM -> request.formField(source.name());
			case BASIC_AUTH -> basicAuthUser(request.header("Authorization"));
			case JWT -> jwtClaim(request.header("Authorization"), source.name());
			case IP -> address(request);
		};
	}

	private static String digest(String value) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			// every Java platform must provide SHA-256
			throw new IllegalStateException(ex);
		}
	}

	private String ipKey(RequestKeyContext request) {
		String address = address(request);
		return (address != null) ? "ip:" + address : UNKNOWN_KEY;
	}

	private String address(RequestKeyContext request) {
		InetAddress address = this.addresses.resolve(request);
		return (address != null) ? address.getHostAddress() : null;
	}

	private String jwtClaim(String authorization, String claim) {
		String token = credentials(authorization, BEARER);
		if (token == null) {
			return null;
		}
		JwtVerification verification = this.jwtVerifier.verify(token);
		return verification.isValid() ? verification.claims().stringClaim(claim) : null;
	}

	static String basicAuthUser(String authorization) {
		String encoded = credentials(authorization, BASIC);
		if (encoded == null) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return (colon > 0) ? decoded.substring(0, colon) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String credentials(String authorization, String scheme) {
		if (authorization == null || authorization.length() <= scheme.length()
				|| !authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
			return null;
		}
		return authorization.substring(scheme.length()).trim();
	}

}
