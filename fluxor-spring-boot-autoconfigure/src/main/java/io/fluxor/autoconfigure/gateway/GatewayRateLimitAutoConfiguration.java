package io.fluxor.autoconfigure.gateway;

import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.fluxor.gateway.filter.RateLimitFilter;
import io.fluxor.gateway.filter.RateLimitPolicy;
import io.fluxor.gateway.ratelimit.RateLimitMetrics;
import io.fluxor.gateway.ratelimit.RateLimitScope;
import io.fluxor.gateway.ratelimit.TrustedProxies;
import io.fluxor.gateway.security.JwtVerifier;
import io.fluxor.metrics.MicrometerRateLimitMetrics;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Token-bucket rate limiting for the gateway (Bucket4j buckets, per-user buckets in Caffeine): the
 * {@link TrustedProxies} of {@code fluxor.gateway.trusted-proxies} and, when a route configures
 * {@code rate-limit}, the {@link RateLimitFilter}. {@code jwt:CLAIM} key sources use the
 * {@link JwtVerifier} of {@link GatewaySecurityAutoConfiguration}.
 *
 * <p>Rejections are counted as {@code fluxor.ratelimit.rejected} when there is a
 * {@link MeterRegistry}, unless a {@link RateLimitMetrics} bean says otherwise. Settings that cannot
 * work fail startup with an {@link InvalidGatewayPropertyException} naming the property.
 */
@AutoConfiguration(before = GatewayAutoConfiguration.class, after = GatewaySecurityAutoConfiguration.class)
@ConditionalOnClass({ Bucket.class, Caffeine.class })
@ConditionalOnBooleanProperty(name = "fluxor.gateway.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayRateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TrustedProxies fluxorGatewayTrustedProxies(GatewayProperties properties) {
		return RateLimitPolicyFactory.trustedProxies(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(RouteFilterCondition.OnRateLimitedRoute.class)
	RateLimitFilter fluxorRateLimitFilter(GatewayProperties properties, TrustedProxies trustedProxies,
			ObjectProvider<JwtVerifier> jwtVerifier, ObjectProvider<RateLimitMetrics> metrics,
			ObjectProvider<MeterRegistry> registry) {
		Map<String, RateLimitPolicy> policies = RateLimitPolicyFactory.policies(properties,
				jwtVerifier.getIfAvailable(), trustedProxies);
		RateLimitMetrics rateLimitMetrics = metrics.getIfAvailable(() -> {
			MeterRegistry meterRegistry = registry.getIfUnique();
			if (meterRegistry == null) {
				return RateLimitMetrics.noop();
			}
			MicrometerRateLimitMetrics micrometer = new MicrometerRateLimitMetrics(meterRegistry);
			policies.forEach((route, policy) -> {
				if (policy.routeLimiter() != null) {
					micrometer.register(route, RateLimitScope.ROUTE);
				}
				if (policy.userLimiter() != null) {
					micrometer.register(route, RateLimitScope.USER);
				}
			});
			return micrometer;
		});
		return new RateLimitFilter(policies, rateLimitMetrics);
	}

}
