package io.fluxor.gateway.filter;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.fluxor.gateway.GatewayExchange;
import io.fluxor.gateway.HttpRequestMessage;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.security.AuthenticationMetrics;
import io.fluxor.gateway.security.JwtClaims;
import io.fluxor.gateway.security.JwtFailure;
import io.fluxor.gateway.security.JwtVerification;
import io.fluxor.gateway.security.JwtVerifier;
import reactor.core.publisher.Mono;

/**
 * Bearer JWT authentication per route ({@code authentication:} in a route's configuration, an
 * {@link AuthenticationPolicy} carried by the {@link Route}): the
 * {@code Authorization: Bearer} token is verified by the {@link JwtVerifier}; a route that requires
 * it answers a missing or refused token with a 401 whose {@code WWW-Authenticate} names the reason
 * (RFC 6750), and counts the refusal.
 *
 * <p>Verified claims are forwarded as request headers to the target ({@code sub -> X-User-Id}),
 * and stored in the exchange under {@link #CLAIMS_ATTRIBUTE}. Incoming copies of the forwarded
 * headers are removed first, whether or not a token is sent, so that a client can never present
 * its own {@code X-User-Id}. Claims are forwarded without surrounding spaces and tabs; claims
 * that are not plain values (lists, objects) or hold control characters are not forwarded.
 *
 * <p>Runs first among the gateway's filters ({@link #ORDER}): a forged token is refused before it
 * costs a rate-limit token or an upstream call. The policy comes with the route a request matched,
 * so it changes atomically with the route table; routes without one do not have the filter in their
 * chain ({@link #appliesTo}). Without a verifier (no key configured) the filter fails closed: a
 * route that requires a token refuses every request as {@link JwtFailure#KEYS_UNAVAILABLE}; the
 * auto-configuration refuses such routes before they are live.
 */
public final class JwtAuthenticationFilter implements GatewayFilter {

	/** Position in the chain: before rate limiting, caching and the target. */
	public static final int ORDER = -2000;

	/** Exchange attribute holding the {@link JwtClaims} of a verified token. */
	public static final String CLAIMS_ATTRIBUTE = JwtAuthenticationFilter.class.getName() + ".claims";

	private static final String BEARER = "bearer ";

	private static final byte[] UNAUTHORIZED = "Unauthorized".getBytes(StandardCharsets.UTF_8);

	private final JwtVerifier verifier;

	private final AuthenticationMetrics metrics;

	/**
	 * Creates the filter.
	 * @param verifier verifies bearer tokens, or {@code null} when no key is configured
	 * @param metrics where refusals are counted
	 */
	public JwtAuthenticationFilter(JwtVerifier verifier, AuthenticationMetrics metrics) {
		this.verifier = verifier;
		this.metrics = Objects.requireNonNull(metrics, "metrics");
	}

	@Override
	public int order() {
		return ORDER;
	}

	/**
	 * Returns whether bearer tokens can be verified, that is whether a key is configured.
	 * @return {@code true} with a verifier
	 */
	public boolean canVerify() {
		return this.verifier != null;
	}

	/**
	 * Returns where refusals are counted.
	 * @return the metrics
	 */
	public AuthenticationMetrics metrics() {
		return this.metrics;
	}

	@Override
	public boolean appliesTo(Route route) {
		return route.policy(AuthenticationPolicy.class) != null;
	}

	@Override
	public Mono<HttpResponseMessage> filter(GatewayExchange exchange, GatewayFilterChain chain) {
		AuthenticationPolicy policy = exchange.route().policy(AuthenticationPolicy.class);
		if (policy == null) {
			return chain.next(exchange);
		}
		if (this.verifier == null) {
			return policy.required() ? refuse(exchange, JwtFailure.KEYS_UNAVAILABLE)
					: chain.next(forward(exchange, policy, null));
		}
		HttpRequestMessage request = exchange.request();
		JwtVerification verification = this.verifier.verify(bearerToken(request.headers().get("authorization")));
		if (!verification.isValid()) {
			if (policy.required()) {
				return refuse(exchange, verification.failure());
			}
			return chain.next(forward(exchange, policy, null));
		}
		exchange.attributes().put(CLAIMS_ATTRIBUTE, verification.claims());
		return chain.next(forward(exchange, policy, verification.claims()));
	}

	private Mono<HttpResponseMessage> refuse(GatewayExchange exchange, JwtFailure failure) {
		this.metrics.rejected(exchange.route().id(), failure);
		return Mono.just(new HttpResponseMessage(401, Map.of("content-type", HttpResponseMessage.TEXT_PLAIN,
				"www-authenticate", failure.wwwAuthenticate()), UNAUTHORIZED));
	}

	private static GatewayExchange forward(GatewayExchange exchange, AuthenticationPolicy policy, JwtClaims claims) {
		Map<String, String> forwarded = policy.forwardClaims();
		if (forwarded.isEmpty()) {
			return exchange;
		}
		HttpRequestMessage request = exchange.request();
		// a client's own value of a forwarded header is never passed on as if it were a claim
		Map<String, String> changes = new HashMap<>();
		for (String header : forwarded.values()) {
			if (request.headers().containsKey(header)) {
				changes.put(header, null);
			}
		}
		if (claims != null) {
			for (Map.Entry<String, String> entry : forwarded.entrySet()) {
				String value = stripWhitespace(claims.stringClaim(entry.getKey()));
				if (value != null && isHeaderSafe(value)) {
					changes.put(entry.getValue(), value);
				}
			}
		}
		return changes.isEmpty() ? exchange : exchange.withRequest(request.withHeaders(changes));
	}

	private static String bearerToken(String authorization) {
		if (authorization == null || authorization.length() <= BEARER.length()
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		return authorization.substring(BEARER.length()).trim();
	}

	/**
	 * Strips the spaces and tabs around a claim: a header value cannot carry them (RFC 9110 §5.5),
	 * and Netty refuses a value that starts with one, which failed the proxied request.
	 */
	private static String stripWhitespace(String value) {
		if (value == null) {
			return null;
		}
		int start = 0;
		int end = value.length();
		while (start < end && isWhitespace(value.charAt(start))) {
			start++;
		}
		while (end > start && isWhitespace(value.charAt(end - 1))) {
			end--;
		}
		return (start == 0 && end == value.length()) ? value : value.substring(start, end);
	}

	private static boolean isWhitespace(char c) {
		return c == ' ' || c == '\t';
	}

	private static boolean isHeaderSafe(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

}
