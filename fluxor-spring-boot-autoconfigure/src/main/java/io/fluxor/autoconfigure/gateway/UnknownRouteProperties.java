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
 * Fails startup on a key under {@code fluxor.gateway.routes} or {@code fluxor.gateway.defaults} that
 * no property takes, such as {@code routes[0].cache.tll}, and finds such keys in a route posted to
 * the actuator ({@link ConfiguredRoutes}). Spring Boot's binding passes over such a
 * key, and a route whose section is misspelt would go live without that section (uncached, never
 * retried) with no word said; elsewhere under {@code fluxor.*} an unknown key is left to the IDE's
 * metadata warnings, as Spring Boot does.
 *
 * <p>The check binds the two sections again and notes every name a value was bound to; a key of the
 * configuration that is neither such a name nor inside a bound map is unknown. (Spring Boot's
 * {@code NoUnboundElementsBindHandler} cannot tell: within an element of a list it looks at the
 * first name after the index only, so {@code routes[0].cache.tll} passes for {@code cache}.) Binding
 * failures are left to the {@code @ConfigurationProperties} binding, which reported them before;
 * the system environment and system properties are not looked at, as Spring Boot's strict binding
 * does not.
 */
final class UnknownRouteProperties {

	/** What is wrong with an unknown key. */
	static final String REASON = "is no property of a route";

	private UnknownRouteProperties() {
	}

	/**
	 * Checks the route and route-defaults keys of the environment.
	 * @param environment the application's environment
	 * @throws InvalidGatewayPropertyException naming the first unknown key, in name order
	 */
	static void check(Environment environment) {
		Binder binder = Binder.get(environment);
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
		first(binder, sources, GatewayProperties.PREFIX + ".routes", Bindable.listOf(GatewayProperties.Route.class),
				true)
			.ifPresent(UnknownRouteProperties::fail);
		first(binder, sources, GatewayProperties.PREFIX + ".defaults", Bindable.of(UpstreamRouteSettings.class), false)
			.ifPresent(UnknownRouteProperties::fail);
	}

	private static void fail(ConfigurationProperty property) {
		throw new InvalidGatewayPropertyException(property.getName().toString(),
				REASON + ((property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : ""));
	}

	/**
	 * Returns the first key of a section, in name order, that no property takes.
	 * @param binder binds the section
	 * @param sources the sources of {@code binder}
	 * @param section the section's name, such as {@code fluxor.gateway.routes}
	 * @param target what the section binds to
	 * @param list whether the section is a list, which is bound from the first source that holds
	 * it: the same list in the sources after it is replaced, not merged, so only that first one is
	 * looked at
	 * @return the key and its origin, or empty when every key is taken or the section does not bind
	 */
	static Optional<ConfigurationProperty> first(Binder binder, Iterable<ConfigurationPropertySource> sources,
			String section, Bindable<?> target, boolean list) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(section);
		BoundNames bound = new BoundNames();
		try {
			binder.bind(root, target, bound);
		}
		catch (BindException ex) {
			return Optional.empty();
		}
		UnboundElementsSourceFilter checked = new UnboundElementsSourceFilter();
		Optional<ConfigurationProperty> unknown = Optional.empty();
		for (ConfigurationPropertySource source : sources) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)
					|| !iterable.stream().anyMatch(root::isAncestorOf)) {
				continue;
			}
			if (checked.apply(source)) {
				Optional<ConfigurationProperty> first = iterable.stream()
					.filter((name) -> root.isAncestorOf(name) && !bound.covers(name))
					.sorted()
					.findFirst()
					.map(source::getConfigurationProperty);
				if (first.isPresent() && (unknown.isEmpty()
						|| first.get().getName().compareTo(unknown.get().getName()) < 0)) {
					unknown = first;
				}
			}
			if (list) {
				break;
			}
		}
		return unknown;
	}

	/** Notes the names values were bound to, and those of maps, whose keys are data. */
	private static final class BoundNames extends AbstractBindHandler {

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
