package io.fluxor.autoconfigure.gateway;

import java.util.HashSet;
import java.util.Set;

import io.fluxor.gateway.filter.AuthenticationPolicy;
import io.fluxor.gateway.filter.JwtAuthenticationFilter;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteListener;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.Router;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Ties route authentication to the {@link RouteRegistry}: without a JWT key, a route with an
 * {@link AuthenticationPolicy} is refused before it goes live, whoever builds it (the bean API
 * included), since no token could ever be verified for it; and a route whose authentication left
 * the table (removed, or replaced by a route without it) has its {@code fluxor.auth.rejected}
 * series removed. Bound once every bean exists, then on every change ({@link RouteListener}).
 */
class AuthenticationRouteBinder extends RouteTableBinder {

	private final JwtAuthenticationFilter filter;

	/** The ids of the authenticated routes; guarded by this. */
	private Set<String> bound = Set.of();

	AuthenticationRouteBinder(ObjectProvider<RouteRegistry> routes, JwtAuthenticationFilter filter) {
		super(routes);
		this.filter = filter;
	}

	@Override
	boolean prepare(RouteRegistry registry) {
		if (!this.filter.canVerify()) {
			registry.addValidator(AuthenticationRouteBinder::requireNoAuthentication);
		}
		return true;
	}

	@Override
	void bind(Router router) {
		Set<String> next = new HashSet<>();
		for (Route route : router.routes()) {
			if (route.policy(AuthenticationPolicy.class) != null) {
				next.add(route.id());
			}
		}
		for (String id : this.bound) {
			if (!next.contains(id)) {
				this.filter.metrics().routeRemoved(id);
			}
		}
		this.bound = next;
	}

	private static void requireNoAuthentication(Route route) {
		if (route.policy(AuthenticationPolicy.class) != null) {
			throw new IllegalArgumentException("authentication: " + JwtSecurityFactory.NO_KEY);
		}
	}

}
