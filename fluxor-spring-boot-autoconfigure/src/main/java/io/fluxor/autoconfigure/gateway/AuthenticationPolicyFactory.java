package io.fluxor.autoconfigure.gateway;

import io.fluxor.gateway.filter.AuthenticationPolicy;
import io.fluxor.gateway.route.Route;

/**
 * Turns the {@code authentication} section of a route into the route's
 * {@link AuthenticationPolicy}, failing with an {@link InvalidGatewayPropertyException} that names
 * the property when the section cannot work, such as when no JWT key is configured.
 */
final class AuthenticationPolicyFactory implements RoutePolicyFactory {

	private final boolean hasVerifier;

	/**
	 * Creates the factory.
	 * @param hasVerifier whether a JWT key is configured, without which no token can be verified
	 */
	AuthenticationPolicyFactory(boolean hasVerifier) {
		this.hasVerifier = hasVerifier;
	}

	@Override
	public String section() {
		return "authentication";
	}

	@Override
	public Route apply(Route route, GatewayProperties.Route definition, String property) {
		AuthenticationProperties authentication = definition.getAuthentication();
		if (authentication == null) {
			return route;
		}
		String section = property + ".authentication";
		if (!this.hasVerifier) {
			throw new InvalidGatewayPropertyException(section, JwtSecurityFactory.NO_KEY);
		}
		try {
			return route.withPolicy(new AuthenticationPolicy(authentication.isRequired(),
					authentication.getForwardClaims()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidGatewayPropertyException(section + ".forward-claims", ex.getMessage());
		}
	}

}
