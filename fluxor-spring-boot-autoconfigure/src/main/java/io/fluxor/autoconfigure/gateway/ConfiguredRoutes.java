package io.fluxor.autoconfigure.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.route.InvalidRouteException;
import io.fluxor.gateway.route.Route;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/**
 * Builds a {@link Route} at runtime from a definition shaped like one entry of
 * {@code fluxor.gateway.routes} ({@code path}, {@code methods}, a target, {@code headers},
 * {@code timeout}, the settings of a route to upstreams such as {@code retry} or {@code cache},
 * {@code rate-limit}, {@code authentication}): binds it to {@link GatewayProperties.Route} with the
 * same conversions as the YAML ({@code timeout: 2s}) and checks it with the same
 * {@link GatewayRouteFactory} rules, so a route given to the actuator is exactly as valid as one in
 * {@code application.yml}, and carries the same policies and upstream settings, built with the same
 * defaults ({@code fluxor.gateway.defaults.*}; fresh buckets, cache and retry budget: the route is
 * new). Every field the properties gain binds without a change here. A string value holding a JSON
 * array or object is read as that structure, since actuator write bodies carry strings only; a
 * comma-separated string binds to a list as in YAML.
 */
final class ConfiguredRoutes {

	private static final ConfigurationPropertyName ROUTE = ConfigurationPropertyName.of("route");

	private static final String ROUTE_PROPERTY = GatewayProperties.PREFIX + ".routes[0]";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z0-9_-]+");

	private final ListableBeanFactory beanFactory;

	private final boolean eventBusPresent;

	private final UpstreamRouteFactory upstreams;

	private final List<RoutePolicyFactory> policies;

	ConfiguredRoutes(ListableBeanFactory beanFactory, boolean eventBusPresent) {
		this(beanFactory, eventBusPresent, null, List.of());
	}

	/**
	 * Creates the builder of runtime routes.
	 * @param beanFactory where handler beans are looked up
	 * @param eventBusPresent whether address routes can work
	 * @param upstreams builds routes to upstreams with the application's defaults and shared client,
	 * or {@code null} when there is none
	 * @param policies build the policies of the optional sections ({@code rate-limit},
	 * {@code authentication}) with the application's defaults, JWT key and trusted proxies
	 */
	ConfiguredRoutes(ListableBeanFactory beanFactory, boolean eventBusPresent, UpstreamRouteFactory upstreams,
			List<RoutePolicyFactory> policies) {
		this.beanFactory = beanFactory;
		this.eventBusPresent = eventBusPresent;
		this.upstreams = upstreams;
		this.policies = List.copyOf(policies);
	}

	/**
	 * Builds a route.
	 * @param id the route id
	 * @param definition the route's properties, as nested maps and lists
	 * @return the route
	 * @throws InvalidRouteException naming the field and the rule it breaks
	 */
	Route route(String id, Map<String, ?> definition) {
		Map<String, Object> flat = new LinkedHashMap<>();
		try {
			flatten("route", definition, flat);
		}
		catch (JsonProcessingException ex) {
			throw new InvalidRouteException(id, "invalid JSON: " + ex.getOriginalMessage());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRouteException(id, ex.getMessage());
		}
		List<ConfigurationPropertySource> source = List.of(new MapConfigurationPropertySource(flat));
		UnknownGatewayProperties.BoundNames bound = new UnknownGatewayProperties.BoundNames();
		GatewayProperties.Route declared;
		try {
			declared = new Binder(source, null, ApplicationConversionService.getSharedInstance())
				.bindOrCreate(ROUTE, Bindable.of(GatewayProperties.Route.class), bound);
		}
		catch (BindException ex) {
			String field = field(ex.getName().toString());
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			throw new InvalidRouteException(id, (field.isEmpty() ? "" : field + ": ") + cause.getMessage());
		}
		// a key no property takes would leave the route without the section it was meant to have
		UnknownGatewayProperties.first(source, ROUTE, bound).ifPresent((unknown) -> {
			throw new InvalidRouteException(id,
					field(unknown.getName().toString()) + ": " + UnknownGatewayProperties.ROUTE_REASON);
		});
		declared.setId(id);
		GatewayProperties properties = new GatewayProperties();
		properties.setRoutes(List.of(declared));
		try {
			return GatewayRouteFactory
				.router(properties, this.beanFactory.getBeansOfType(GatewayHandler.class), this.eventBusPresent,
						this.upstreams, this.policies)
				.routes()
				.get(0);
		}
		catch (InvalidGatewayPropertyException ex) {
			String field = ex.getProperty().startsWith(ROUTE_PROPERTY)
					? ex.getProperty().substring(ROUTE_PROPERTY.length()).replaceFirst("^\\.", "") : ex.getProperty();
			throw new InvalidRouteException(id, (field.isEmpty() ? "" : field + ": ") + ex.getReason());
		}
	}

	/**
	 * Returns a key as the next element of a property name: a property name such as
	 * {@code max-attempts} as is, any other key (a header or claim name such as {@code X Tenant} or
	 * {@code https://example.com/roles}) in brackets, so that it reaches its map whole instead of
	 * being cut at its dots or stripped of the characters a property name cannot hold.
	 * @throws IllegalArgumentException for a key that cannot be given whole: empty, or with brackets
	 */
	private static String key(String name, String key) {
		if (PROPERTY_NAME.matcher(key).matches()) {
			return "." + key;
		}
		if (key.isEmpty() || key.indexOf('[') >= 0 || key.indexOf(']') >= 0) {
			throw new IllegalArgumentException(
					field(name) + ": a key must not be empty nor hold brackets but was '" + key + "'");
		}
		return "[" + key + "]";
	}

	/**
	 * Returns the field of a property name below the route, such as {@code retry.max-attempts}.
	 */
	private static String field(String name) {
		return name.substring("route".length()).replaceFirst("^\\.", "");
	}

	private static void flatten(String name, Object value, Map<String, Object> flat) throws JsonProcessingException {
		if (value instanceof String text && (text.startsWith("[") || text.startsWith("{"))) {
			flatten(name, JSON.readValue(text, Object.class), flat);
		}
		else if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				flatten(name + key(name, String.valueOf(entry.getKey())), entry.getValue(), flat);
			}
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				flatten(name + "[" + i + "]", list.get(i), flat);
			}
		}
		else if (value != null) {
			flat.put(name, value);
		}
	}

}
