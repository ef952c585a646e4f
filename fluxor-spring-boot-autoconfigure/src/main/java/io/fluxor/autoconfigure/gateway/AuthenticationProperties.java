package io.fluxor.autoconfigure.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bearer JWT authentication of one route ({@code fluxor.gateway.routes[n].authentication.*}),
 * verified with the key configured under {@code fluxor.gateway.jwt.*}.
 */
public class AuthenticationProperties {

	/**
	 * Whether a request without a valid bearer JWT is refused with a 401 and WWW-Authenticate. When
	 * false, such a request passes anonymously, without forwarded claims.
	 */
	private boolean required = true;

	/**
	 * Request headers set from verified claims, by claim name, such as sub: X-User-Id. Incoming
	 * copies of these headers are always removed, so a client cannot set them itself.
	 */
	private Map<String, String> forwardClaims = new LinkedHashMap<>();

	public boolean isRequired() {
		return this.required;
	}

	public void setRequired(boolean required) {
		this.required = required;
	}

	public Map<String, String> getForwardClaims() {
		return this.forwardClaims;
	}

	public void setForwardClaims(Map<String, String> forwardClaims) {
		this.forwardClaims = forwardClaims;
	}

}
