package io.fluxor.autoconfigure.gateway;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.fluxor.gateway.filter.RateLimitFilter;
import io.fluxor.gateway.ratelimit.RateLimitMetrics;
import io.fluxor.gateway.ratelimit.TrustedProxies;
import io.fluxor.gateway.route.RouteRegistry;
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

/**
 * Token-bucket rate limiting for the gateway (Bucket4j buckets, per-user buckets in Caffeine): the
 * {@link TrustedProxies} of {@code fluxor.gateway.trusted-proxies}, the {@link RateLimitFilter},
 * and the {@link RateLimitPolicyFactory} that turns the {@code rate-limit} section of a route, at
 * startup or posted to the actuator, into the policy the route carries. The filter is there even
 * when no route is limited yet, so that a route added at runtime can be; it is in the chain of the
 * limited routes only. {@code jwt:CLAIM} key sources use the {@link JwtVerifier} of
 * {@link GatewaySecurityAutoConfiguration}.
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
	RateLimitPolicyFactory fluxorRateLimitPolicyFactory(GatewayProperties properties, TrustedProxies trustedProxies,
			ObjectProvider<JwtVerifier> jwtVerifier) {
		return new RateLimitPolicyFactory(properties.getRateLimit(), jwtVerifier.getIfAvailable(), trustedProxies);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitFilter fluxorRateLimitFilter(ObjectProvider<RateLimitMetrics> metrics,
			ObjectProvider<MeterRegistry> registry) {
		return new RateLimitFilter(metrics.getIfAvailable(() -> {
			MeterRegistry meterRegistry = registry.getIfUnique();
			return (meterRegistry != null) ? new MicrometerRateLimitMetrics(meterRegistry) : RateLimitMetrics.noop();
		}));
	}

	@Bean
	RateLimitRouteBinder fluxorRateLimitRouteBinder(ObjectProvider<RouteRegistry> routes, RateLimitFilter filter) {
		return new RateLimitRouteBinder(routes, filter.metrics());
	}

}
