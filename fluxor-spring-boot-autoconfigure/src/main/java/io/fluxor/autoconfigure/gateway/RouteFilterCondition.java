package io.fluxor.autoconfigure.gateway;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when at least one route sets a property under {@code fluxor.gateway.routes[n].<section>},
 * so that a filter that no route uses is not even in the chain. Reads property names only (every
 * relaxed form, environment variables included), never binds values: a malformed value is
 * reported by the binding of {@link GatewayProperties}, with its property path.
 */
abstract class RouteFilterCondition extends SpringBootCondition {

	private static final String[] ROUTES = { "fluxor", "gateway", "routes" };

	private final String section;

	private final String uniformSection;

	RouteFilterCondition(String section) {
		this.section = section;
		this.uniformSection = section.replace("-", "");
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(context.getEnvironment())) {
			if (source instanceof IterableConfigurationPropertySource iterable
					&& iterable.stream().anyMatch(this::isInSection)) {
				return ConditionOutcome.match("a route configures " + this.section);
			}
		}
		return ConditionOutcome.noMatch("no route configures " + this.section);
	}

	private boolean isInSection(ConfigurationPropertyName name) {
		if (name.getNumberOfElements() < ROUTES.length + 2) {
			return false;
		}
		for (int i = 0; i < ROUTES.length; i++) {
			if (!ROUTES[i].equals(name.getElement(i, Form.UNIFORM))) {
				return false;
			}
		}
		return name.isNumericIndex(ROUTES.length)
				&& this.uniformSection.equals(name.getElement(ROUTES.length + 1, Form.UNIFORM));
	}

	/** Matches when a route configures {@code rate-limit}. */
	static final class OnRateLimitedRoute extends RouteFilterCondition {

		OnRateLimitedRoute() {
			super("rate-limit");
		}

	}

	/** Matches when a route configures {@code authentication}. */
	static final class OnAuthenticatedRoute extends RouteFilterCondition {

		OnAuthenticatedRoute() {
			super("authentication");
		}

	}

}
