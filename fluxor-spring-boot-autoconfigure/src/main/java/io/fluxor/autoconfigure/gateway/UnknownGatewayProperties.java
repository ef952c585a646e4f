package io.fluxor.autoconfigure.gateway;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.context.properties.source.UnboundElementsSourceFilter;
import org.springframework.core.env.Environment;

/**
 * Fails startup on a key under {@code fluxor.gateway} that no property takes, such as
 * {@code fluxor.gateway.routes[0].cache.tll} or {@code fluxor.gateway.jwt.hmac-secert}, and finds such
 * keys in a route posted to the actuator ({@link ConfiguredRoutes}). Spring Boot's binding passes
 * over an unknown key, and a gateway setting is one a typo must not drop with no word said: a route
 * would go live uncached, unauthenticated or never retried. Elsewhere under {@code fluxor.*} an
 * unknown key is left to the IDE's metadata warnings, as Spring Boot does.
 *
 * <p>The check binds the section again and notes every name a value was bound to; a key of the
 * configuration that is neither such a name nor inside a bound map is unknown. (Spring Boot's
 * {@code NoUnboundElementsBindHandler} cannot tell: within an element of a list it looks at the
 * first name after the index only, so {@code routes[0].cache.tll} passes for {@code cache}.) The
 * route list is bound whole from the first source that holds it, so only that source's route keys
 * are looked at. Binding failures are left to the {@code @ConfigurationProperties} binding, which
 * reported them before; the system environment and system properties are not looked at, as Spring
 * Boot's strict binding does not.
 */
final class UnknownGatewayProperties {

	/** What is wrong with an unknown key of a route or of the routes' defaults. */
	static final String ROUTE_REASON = "is no property of a route";

	/** What is wrong with any other unknown key of the gateway. */
	static final String REASON = "is no property of the gateway";

	private static final ConfigurationPropertyName GATEWAY = ConfigurationPropertyName.of(GatewayProperties.PREFIX);

	private static final ConfigurationPropertyName ROUTES = GATEWAY.append("routes");

	private static final ConfigurationPropertyName DEFAULTS = GATEWAY.append("defaults");

	private UnknownGatewayProperties() {
	}

	/**
	 * Checks the gateway's keys in the environment.
	 * @param environment the application's environment
	 * @throws InvalidGatewayPropertyException naming the first unknown key, in name order, and where it
	 * was set
	 */
	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		BoundNames bound = new BoundNames();
		try {
			binder.bind(GATEWAY, Bindable.of(GatewayProperties.class), bound);
			binder.bind(GatewayJwtProperties.PREFIX, Bindable.of(GatewayJwtProperties.class), bound);
		}
		catch (BindException ex) {
			return;
		}
		first(ConfigurationPropertySources.get(environment), GATEWAY, bound).ifPresent((property) -> {
			ConfigurationPropertyName name = property.getName();
			String reason = (ROUTES.isAncestorOf(name) || DEFAULTS.isAncestorOf(name)) ? ROUTE_REASON : REASON;
			throw new InvalidGatewayPropertyException(name.toString(),
					reason + ((property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : ""));
		});
	}

	/**
	 * Returns the first key of a section, in name order, that no property takes.
	 * @param sources the sources the section was bound from
	 * @param root the section's name, such as {@code route}
	 * @param bound the names the section's binding took, noted while it ran
	 * @return the key and its origin, or empty when every key is taken
	 */
	static Optional<ConfigurationProperty> first(Iterable<ConfigurationPropertySource> sources,
			ConfigurationPropertyName root, BoundNames bound) {
		UnboundElementsSourceFilter checked = new UnboundElementsSourceFilter();
		boolean routesBound = false;
		Optional<ConfigurationProperty> unknown = Optional.empty();
		for (ConfigurationPropertySource source : sources) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			// the routes of a source after the one they were bound from are replaced, not merged
			boolean routesReplaced = routesBound;
			routesBound |= iterable.stream().anyMatch(ROUTES::isAncestorOf);
			if (checked.apply(source)) {
				Optional<ConfigurationProperty> first = iterable.stream()
					.filter((name) -> root.isAncestorOf(name) && !bound.covers(name)
							&& !(routesReplaced && ROUTES.isAncestorOf(name)))
					.sorted()
					.findFirst()
					.map(source::getConfigurationProperty);
				if (first.isPresent() && (unknown.isEmpty()
						|| first.get().getName().compareTo(unknown.get().getName()) < 0)) {
					unknown = first;
				}
			}
		}
		return unknown;
	}

	/**
	 * The handler of a binding that notes the names values were bound to, and those of maps, whose
	 * keys are data: what {@link #first} needs to tell a key no property takes.
	 */
	static final class BoundNames extends AbstractBindHandler {

		private final Set<ConfigurationPropertyName> names = new HashSet<>();

		private final Set<ConfigurationPropertyName> maps = new HashSet<>();

		@Override
		public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Object result) {
			this.names.add(name);
			if (Map.class.isAssignableFrom(target.getType().resolve(Object.class))) {
				this.maps.add(name);
			}
			return result;
		}

		boolean covers(ConfigurationPropertyName name) {
			if (this.names.contains(name)) {
				return true;
			}
			for (ConfigurationPropertyName map : this.maps) {
				if (map.isAncestorOf(name)) {
					return true;
				}
			}
			return false;
		}

	}

}
