package io.fluxor.autoconfigure.gateway;

import com.nimbusds.jwt.SignedJWT;
import io.fluxor.gateway.filter.JwtAuthenticationFilter;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.security.AuthenticationMetrics;
import io.fluxor.gateway.security.JwtVerifier;
import io.fluxor.metrics.MicrometerAuthenticationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Bearer JWT verification for the gateway: a {@link JwtVerifier} from {@code fluxor.gateway.jwt.*}
 * when a key is configured (used by route authentication and {@code jwt:CLAIM} rate-limit keys),
 * the {@link JwtAuthenticationFilter}, and the {@link AuthenticationPolicyFactory} that turns the
 * {@code authentication} section of a route, at startup or posted to the actuator, into the policy
 * the route carries. The filter is there even when no route is authenticated yet, so that a route
 * added at runtime can be; it is in the chain of the authenticated routes only. Without a key, a
 * route with authentication is refused, whoever builds it.
 *
 * <p>Refusals are counted as {@code fluxor.auth.rejected} when there is a {@link MeterRegistry},
 * unless an {@link AuthenticationMetrics} bean says otherwise. Settings that cannot work fail
 * startup with an {@link InvalidGatewayPropertyException} naming the property.
 */
@AutoConfiguration(before = GatewayAutoConfiguration.class)
@ConditionalOnClass(SignedJWT.class)
@ConditionalOnBooleanProperty(name = "fluxor.gateway.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ GatewayProperties.class, GatewayJwtProperties.class })
public class GatewaySecurityAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GatewaySecurityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnJwtKeyCondition.class)
	JwtVerifier fluxorGatewayJwtVerifier(GatewayJwtProperties properties, BeanFactory beanFactory) {
		JwtVerifier verifier = JwtSecurityFactory.verifier(properties, BeanClassLoader.of(beanFactory));
		if (properties.getJwksUri() != null) {
			// Fetch now, in the background, so that the first tokens do not meet an empty key set.
			verifier.refreshKeys()
				.subscribe(null, (ex) -> logger.warn("Cannot fetch the JWKS at {}: {}", properties.getJwksUri(),
						ex.getMessage()));
		}
		return verifier;
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationPolicyFactory fluxorAuthenticationPolicyFactory(ObjectProvider<JwtVerifier> verifier) {
		return new AuthenticationPolicyFactory(verifier.getIfAvailable() != null);
	}

	@Bean
	@ConditionalOnMissingBean
	JwtAuthenticationFilter fluxorJwtAuthenticationFilter(ObjectProvider<JwtVerifier> verifier,
			ObjectProvider<AuthenticationMetrics> metrics, ObjectProvider<MeterRegistry> registry) {
		return new JwtAuthenticationFilter(verifier.getIfAvailable(), metrics.getIfAvailable(() -> {
			MeterRegistry meterRegistry = registry.getIfUnique();
			return (meterRegistry != null) ? new MicrometerAuthenticationMetrics(meterRegistry)
					: AuthenticationMetrics.noop();
		}));
	}

	@Bean
	AuthenticationRouteBinder fluxorAuthenticationRouteBinder(ObjectProvider<RouteRegistry> routes,
			JwtAuthenticationFilter filter) {
		return new AuthenticationRouteBinder(routes, filter);
	}

	/** Matches when one of the three JWT key sources is set. */
	static final class OnJwtKeyCondition extends AnyNestedCondition {

		OnJwtKeyCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(GatewayJwtProperties.PREFIX + ".hmac-secret")
		static class HmacSecret {

		}

		@ConditionalOnProperty(GatewayJwtProperties.PREFIX + ".jwks-file")
		static class JwksFile {

		}

		@ConditionalOnProperty(GatewayJwtProperties.PREFIX + ".jwks-uri")
		static class JwksUri {

		}

	}

}
