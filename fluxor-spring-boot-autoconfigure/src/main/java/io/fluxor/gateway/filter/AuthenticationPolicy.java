package io.fluxor.gateway.filter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.fluxor.gateway.HeaderName;
import io.fluxor.gateway.route.RoutePolicy;

/**
 * The authentication of one route, as the {@link JwtAuthenticationFilter} applies it. Carried by
 * its route ({@code route.withPolicy(policy)}), so it is replaced and removed with the route.
 *
 * @param required whether a request without a valid bearer JWT is refused with a 401; when
 * {@code false} such a request passes anonymously, without forwarded claims
 * @param forwardClaims request headers to set from verified claims, by claim name, e.g.
 * {@code sub -> X-User-Id}; incoming copies of these headers are always removed
 */
public record AuthenticationPolicy(boolean required, Map<String, String> forwardClaims) implements RoutePolicy {

	/**
	 * Validates the policy and lower-cases the header names, as the gateway's requests hold them.
	 */
	public AuthenticationPolicy {
		Map<String, String> headers = new LinkedHashMap<>();
		if (forwardClaims != null) {
			forwardClaims.forEach((claim, header) -> {
				if (claim == null || claim.isBlank()) {
					throw new IllegalArgumentException("claim name must not be empty");
				}
				if (!HeaderName.isValid(header)) {
					throw new IllegalArgumentException(
							"header name for claim '" + claim + "' must be a valid HTTP header name but was '" + header + "'");
				}
				headers.put(claim, header.trim().toLowerCase(Locale.ROOT));
			});
		}
		forwardClaims = Collections.unmodifiableMap(headers);
	}

	@Override
	public String name() {
		return "authentication";
	}

	@Override
	public Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("required", this.required);
		description.put("forwardClaims", this.forwardClaims);
		return description;
	}

}
