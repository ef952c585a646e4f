package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.PatternSyntaxException;

import io.fluxor.gateway.cache.ResponseCacheOptions;
import io.fluxor.gateway.loadbalance.LoadBalancingStrategy;
import io.fluxor.gateway.loadbalance.Upstream;
import io.fluxor.gateway.proxy.CompressionOptions;
import io.fluxor.gateway.proxy.ProxyOptions;
import io.fluxor.gateway.proxy.UpstreamClient;
import io.fluxor.gateway.proxy.UpstreamMetrics;
import io.fluxor.gateway.proxy.UpstreamProxy;
import io.fluxor.gateway.resilience.CircuitBreakerOptions;
import io.fluxor.gateway.resilience.RetryBudget;
import io.fluxor.gateway.resilience.RetryOptions;
import io.fluxor.gateway.route.RouteTarget;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Turns a route's upstream settings, merged over {@code fluxor.gateway.defaults.*}, into an
 * {@link UpstreamProxy} target, failing with an {@link InvalidGatewayPropertyException} that names
 * the property path the wrong value came from (the route's or the default's).
 *
 * <p>resilience4j and Caffeine stay optional: they are touched only when a route asks for a circuit
 * breaker, retries or a cache.
 */
final class UpstreamRouteFactory {

	private static final String DEFAULTS = GatewayProperties.PREFIX + ".defaults";

	private final UpstreamRouteSettings defaults;

	private final UpstreamClient client;

	private final Supplier<Object> circuitBreakerRegistry;

	private final UpstreamMetrics metrics;

	private final ClassLoader classLoader;

	/**
	 * Creates the factory.
	 * @param defaults the default settings
	 * @param client the shared client
	 * @param circuitBreakerRegistry returns the registry of breakers (a
	 * {@code CircuitBreakerRegistry}), called only when a route has breakers
	 * @param metrics the upstream metrics
	 * @param classLoader the application's class loader, to look for the optional libraries
	 */
	UpstreamRouteFactory(UpstreamRouteSettings defaults, UpstreamClient client, Supplier<Object> circuitBreakerRegistry,
			UpstreamMetrics metrics, ClassLoader classLoader) {
		this.defaults = defaults;
		this.client = client;
		this.circuitBreakerRegistry = circuitBreakerRegistry;
		this.metrics = metrics;
		this.classLoader = classLoader;
	}

	RouteTarget target(String id, GatewayProperties.Route route, String property) {
		List<Upstream> upstreams = new ArrayList<>();
		for (int i = 0; i < route.getUpstreams().size(); i++) {
			GatewayProperties.Upstream upstream = route.getUpstreams().get(i);
			String path = property + ".upstreams[" + i + "]";
			if (upstream.getWeight() < 1) {
				throw new InvalidGatewayPropertyException(path + ".weight",
						"must be positive but was " + upstream.getWeight());
			}
			if (upstream.getUrl() == null || upstream.getUrl().isBlank()) {
				throw new InvalidGatewayPropertyException(path + ".url", "must not be empty");
			}
			try {
				upstreams.add(Upstream.of(upstream.getUrl().trim(), upstream.getWeight()));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidGatewayPropertyException(path + ".url",
						"must be an absolute http or https URL but was '" + upstream.getUrl() + "'");
			}
		}
		ProxyOptions.Builder options = ProxyOptions.builder(upstreams);
		options.loadBalancing(pick(route, UpstreamRouteSettings::getLoadBalancing, LoadBalancingStrategy.ROUND_ROBIN));
		Duration connect = positive(route, property, "connect-timeout", UpstreamRouteSettings::getConnectTimeout,
				ProxyOptions.DEFAULT_CONNECT_TIMEOUT);
		Duration response = positive(route, property, "response-timeout", UpstreamRouteSettings::getResponseTimeout,
				ProxyOptions.DEFAULT_RESPONSE_TIMEOUT);
		options.timeouts(connect, response);
		if (route.getStripPrefix() != null) {
			if (route.getStripPrefix() < 0) {
				throw new InvalidGatewayPropertyException(property + ".strip-prefix",
						"must not be negative but was " + route.getStripPrefix());
			}
			options.stripPrefix(route.getStripPrefix());
		}
		GatewayProperties.RewritePath rewrite = route.getRewritePath();
		if (rewrite.getRegex() != null || rewrite.getReplacement() != null) {
			if (rewrite.getRegex() == null || rewrite.getReplacement() == null) {
				throw new InvalidGatewayPropertyException(property + ".rewrite-path",
						"must set both regex and replacement");
			}
			try {
				options.rewritePath(rewrite.getRegex(), rewrite.getReplacement());
			}
			catch (PatternSyntaxException ex) {
				throw new InvalidGatewayPropertyException(property + ".rewrite-path.regex",
						"is not a valid regular expression: " + ex.getDescription());
			}
		}
		boolean breakers = enabled(route, property, "circuit-breaker", (s) -> s.getCircuitBreaker().getEnabled(),
				(s) -> s.getCircuitBreaker().isConfigured());
		if (breakers) {
			requireClass("io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry", property + ".circuit-breaker",
					"resilience4j-circuitbreaker");
			options.circuitBreaker(circuitBreaker(route, property + ".circuit-breaker"));
		}
		if (enabled(route, property, "retry", (s) -> s.getRetry().getEnabled(), (s) -> s.getRetry().isConfigured())) {
			requireClass("io.github.resilience4j.core.IntervalFunction", property + ".retry", "resilience4j-retry");
			retry(route, property + ".retry", options);
		}
		if (enabled(route, property, "cache", (s) -> s.getCache().getEnabled(), (s) -> s.getCache().isConfigured())) {
			requireClass("com.github.benmanes.caffeine.cache.Caffeine", property + ".cache", "caffeine");
			options.cache(cache(route, property + ".cache"));
		}
		if (enabled(route, property, "compression", (s) -> s.getCompression().getEnabled(),
				(s) -> s.getCompression().isConfigured())) {
			options.compression(compression(route, property + ".compression"));
		}
		UpstreamProxy.Builder proxy = UpstreamProxy.builder(id, options.build()).client(this.client).metrics(this.metrics);
		if (breakers) {
			Object registry = this.circuitBreakerRegistry.get();
			if (registry == null) {
				throw new InvalidGatewayPropertyException(property + ".circuit-breaker",
						"needs a CircuitBreakerRegistry bean but there is none");
			}
			proxy.circuitBreakerRegistry((CircuitBreakerRegistry) registry);
		}
		return RouteTarget.upstreams(proxy.build());
	}

	private CircuitBreakerOptions circuitBreaker(UpstreamRouteSettings route, String property) {
		CircuitBreakerOptions builtIn = CircuitBreakerOptions.DEFAULTS;
		try {
			CircuitBreakerOptions options = new CircuitBreakerOptions(
					pick(route, (s) -> s.getCircuitBreaker().getFailureRateThreshold(), builtIn.failureRateThreshold()),
					pick(route, (s) -> s.getCircuitBreaker().getSlidingWindowSize(), builtIn.slidingWindowSize()),
					pick(route, (s) -> s.getCircuitBreaker().getMinimumNumberOfCalls(), builtIn.minimumNumberOfCalls()),
					pick(route, (s) -> s.getCircuitBreaker().getWaitDurationInOpenState(),
							builtIn.waitDurationInOpenState()),
					pick(route, (s) -> s.getCircuitBreaker().getPermittedCallsInHalfOpenState(),
							builtIn.permittedCallsInHalfOpenState()),
					pick(route, (s) -> s.getCircuitBreaker().getSlowCallDurationThreshold(),
							builtIn.slowCallDurationThreshold()),
					pick(route, (s) -> s.getCircuitBreaker().getSlowCallRateThreshold(), builtIn.slowCallRateThreshold()));
			options.toConfig();
			return options;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidGatewayPropertyException(property, ex.getMessage());
		}
	}

	private void retry(UpstreamRouteSettings route, String property, ProxyOptions.Builder options) {
		RetryOptions builtIn = RetryOptions.DEFAULTS;
		RetryOptions retry;
		try {
			retry = new RetryOptions(pick(route, (s) -> s.getRetry().getMaxAttempts(), builtIn.maxAttempts()),
					pick(route, (s) -> s.getRetry().getBaseBackoff(), builtIn.baseBackoff()),
					pick(route, (s) -> s.getRetry().getMultiplier(), builtIn.multiplier()),
					pick(route, (s) -> s.getRetry().getJitter(), builtIn.jitter()),
					pick(route, (s) -> s.getRetry().getMaxBackoff(), builtIn.maxBackoff()),
					pick(route, (s) -> s.getRetry().getRetryNonIdempotent(), builtIn.retryNonIdempotent()),
					builtIn.minAttemptTime());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidGatewayPropertyException(property, ex.getMessage());
		}
		DataSize replay = pick(route, (s) -> s.getRetry().getMaxReplayBodySize(),
				DataSize.ofBytes(ProxyOptions.DEFAULT_MAX_REPLAY_BODY_SIZE));
		if (replay.isNegative()) {
			throw new InvalidGatewayPropertyException(source(route, (s) -> s.getRetry().getMaxReplayBodySize(),
					property, "max-replay-body-size"), "must not be negative but was " + replay);
		}
		double budget = pick(route, (s) -> s.getRetry().getBudgetPercent(), RetryBudget.DEFAULT_BUDGET_PERCENT);
		if (budget < 0 || budget > 100) {
			throw new InvalidGatewayPropertyException(source(route, (s) -> s.getRetry().getBudgetPercent(), property,
					"budget-percent"), "must be between 0 and 100 but was " + budget);
		}
		int minRetries = pick(route, (s) -> s.getRetry().getMinRetryConcurrency(),
				RetryBudget.DEFAULT_MIN_RETRY_CONCURRENCY);
		if (minRetries < 0) {
			throw new InvalidGatewayPropertyException(source(route, (s) -> s.getRetry().getMinRetryConcurrency(),
					property, "min-retry-concurrency"), "must not be negative but was " + minRetries);
		}
		options.retry(retry, replay.toBytes(), budget, minRetries);
	}

	private ResponseCacheOptions cache(GatewayProperties.Route route, String property) {
		List<String> vary = !route.getCache().getVary().isEmpty() ? route.getCache().getVary()
				: this.defaults.getCache().getVary();
		try {
			return new ResponseCacheOptions(pick(route, (s) -> s.getCache().getTtl(), ResponseCacheOptions.DEFAULT_TTL),
					pick(route, (s) -> s.getCache().getMaxEntries(), ResponseCacheOptions.DEFAULT_MAX_ENTRIES), vary,
					false, pick(route, (s) -> s.getCache().getStaleWhileRevalidate(), Duration.ZERO));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidGatewayPropertyException(property, ex.getMessage());
		}
	}

	private CompressionOptions compression(UpstreamRouteSettings route, String property) {
		int level = pick(route, (s) -> s.getCompression().getLevel(), CompressionOptions.DEFAULT_LEVEL);
		if (level < 1 || level > 9) {
			throw new InvalidGatewayPropertyException(
					source(route, (s) -> s.getCompression().getLevel(), property, "level"),
					"must be between 1 and 9 but was " + level);
		}
		DataSize minSize = pick(route, (s) -> s.getCompression().getMinSize(),
				DataSize.ofBytes(CompressionOptions.DEFAULT_MIN_SIZE));
		if (minSize.isNegative()) {
			throw new InvalidGatewayPropertyException(
					source(route, (s) -> s.getCompression().getMinSize(), property, "min-size"),
					"must not be negative but was " + minSize);
		}
		return new CompressionOptions(level, minSize.toBytes());
	}

	private boolean enabled(UpstreamRouteSettings route, String property, String group,
			Function<UpstreamRouteSettings, Boolean> enabled, Function<UpstreamRouteSettings, Boolean> configured) {
		Boolean explicit = pick(route, enabled, null);
		if (explicit != null) {
			return explicit;
		}
		return configured.apply(route) || configured.apply(this.defaults);
	}

	private <T> T pick(UpstreamRouteSettings route, Function<UpstreamRouteSettings, T> getter, T builtIn) {
		T value = getter.apply(route);
		if (value == null) {
			value = getter.apply(this.defaults);
		}
		return (value != null) ? value : builtIn;
	}

	/**
	 * Returns the property a value came from: the route's, else the default's.
	 */
	private String source(UpstreamRouteSettings route, Function<UpstreamRouteSettings, ?> getter, String groupProperty,
			String name) {
		if (getter.apply(route) != null) {
			return groupProperty + "." + name;
		}
		String group = groupProperty.substring(groupProperty.lastIndexOf('.') + 1);
		return DEFAULTS + "." + group + "." + name;
	}

	private Duration positive(UpstreamRouteSettings route, String property, String name,
			Function<UpstreamRouteSettings, Duration> getter, Duration builtIn) {
		Duration value = pick(route, getter, builtIn);
		if (value.isNegative() || value.isZero()) {
			String path = (getter.apply(route) != null) ? property + "." + name : DEFAULTS + "." + name;
			throw new InvalidGatewayPropertyException(path, "must be positive but was " + value);
		}
		return value;
	}

	private void requireClass(String className, String property, String library) {
		if (!ClassUtils.isPresent(className, this.classLoader)) {
			throw new InvalidGatewayPropertyException(property, "needs " + library + " on the class path");
		}
	}

}
