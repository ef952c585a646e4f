package io.fluxor.autoconfigure.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.fluxor.autoconfigure.NanosecondDurations;
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

	private final Duration requestTimeout;

	private final UpstreamClient client;

	private final Supplier<Object> circuitBreakerRegistry;

	private final UpstreamMetrics metrics;

	private final ClassLoader classLoader;

	/**
	 * Creates the factory.
	 * @param defaults the default settings
	 * @param requestTimeout the timeout of a route that sets none ({@code fluxor.gateway.request-timeout})
	 * @param client the shared client
	 * @param circuitBreakerRegistry returns the registry of breakers (a
	 * {@code CircuitBreakerRegistry}), called only when a route has breakers
	 * @param metrics the upstream metrics
	 * @param classLoader the application's class loader, to look for the optional libraries
	 */
	UpstreamRouteFactory(UpstreamRouteSettings defaults, Duration requestTimeout, UpstreamClient client,
			Supplier<Object> circuitBreakerRegistry, UpstreamMetrics metrics, ClassLoader classLoader) {
		this.defaults = defaults;
		this.requestTimeout = requestTimeout;
		this.client = client;
		this.circuitBreakerRegistry = circuitBreakerRegistry;
		this.metrics = metrics;
		this.classLoader = classLoader;
	}

	/**
	 * Checks the defaults on their own, as a route to upstreams that sets nothing would take them,
	 * so that one that cannot work fails startup even when no configured route uses it yet (a route
	 * may be posted later). The timeout of the routes varies, so retries' backoffs are not checked
	 * against it here; nor are the groups the defaults switch off, until a route switches them on.
	 * @throws InvalidGatewayPropertyException naming the {@code fluxor.gateway.defaults} property of
	 * the first value that cannot work
	 */
	void validateDefaults() {
		GatewayProperties.Upstream upstream = new GatewayProperties.Upstream();
		upstream.setUrl("http://localhost");
		GatewayProperties.Route route = new GatewayProperties.Route();
		route.setUpstreams(List.of(upstream));
		route.setTimeout(NanosecondDurations.MAX);
		options(route, DEFAULTS);
	}

	RouteTarget target(String id, GatewayProperties.Route route, String property) {
		ProxyOptions options = options(route, property);
		UpstreamProxy.Builder proxy = UpstreamProxy.builder(id, options).client(this.client).metrics(this.metrics);
		if (options.circuitBreaker() != null) {
			Object registry = this.circuitBreakerRegistry.get();
			if (registry == null) {
				throw new InvalidGatewayPropertyException(property + ".circuit-breaker",
						"needs a CircuitBreakerRegistry bean but there is none");
			}
			proxy.circuitBreakerRegistry((CircuitBreakerRegistry) registry);
		}
		return RouteTarget.upstreams(proxy.build());
	}

	private ProxyOptions options(GatewayProperties.Route route, String property) {
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
			Upstream parsed;
			try {
				parsed = Upstream.of(upstream.getUrl().trim(), upstream.getWeight());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidGatewayPropertyException(path + ".url",
						"must be an absolute http or https URL but was '" + upstream.getUrl() + "'");
			}
			checkUrl(parsed.url(), path + ".url");
			upstreams.add(parsed);
		}
		ProxyOptions.Builder options = ProxyOptions.builder(upstreams);
		LoadBalancingStrategy loadBalancing = pick(route, UpstreamRouteSettings::getLoadBalancing,
				LoadBalancingStrategy.ROUND_ROBIN);
		try {
			// weighted-round-robin refuses weights whose cycle is too long
			loadBalancing.create(upstreams, (upstream) -> true);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidGatewayPropertyException(property + ".upstreams", ex.getMessage());
		}
		options.loadBalancing(loadBalancing);
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
			checkReplacement(rewrite.getRegex(), rewrite.getReplacement(), property + ".rewrite-path.replacement");
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
		return options.build();
	}

	/**
	 * Refuses the parts of an upstream URL that would be dropped or could not work: the request's
	 * own query is what is forwarded, and credentials are never sent.
	 */
	private static void checkUrl(URI url, String property) {
		String problem = null;
		if (url.getPort() == 0 || url.getPort() > 65535) {
			problem = "must have a port between 1 and 65535";
		}
		else if (url.getRawUserInfo() != null) {
			problem = "must not hold user-info (credentials in the URL are not sent)";
		}
		else if (url.getRawQuery() != null) {
			problem = "must not hold a query (the request's own query is forwarded)";
		}
		else if (url.getRawFragment() != null) {
			problem = "must not hold a fragment";
		}
		if (problem != null) {
			throw new InvalidGatewayPropertyException(property, problem + " but was '" + url + "'");
		}
	}

	/**
	 * Refuses a replacement that names a group the regex does not have, or ends in a lone escape:
	 * it would fail every request the regex matches. The regex is given an empty alternative so
	 * that it matches the empty string, with the same groups.
	 */
	private static void checkReplacement(String regex, String replacement, String property) {
		Matcher matcher = Pattern.compile("(?:" + regex + ")|").matcher("");
		matcher.find();
		try {
			matcher.appendReplacement(new StringBuilder(), replacement);
		}
		catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
			throw new InvalidGatewayPropertyException(property,
					"does not fit the regex '" + regex + "': " + ex.getMessage());
		}
	}

	private CircuitBreakerOptions circuitBreaker(UpstreamRouteSettings route, String property) {
		CircuitBreakerOptions builtIn = CircuitBreakerOptions.DEFAULTS;
		Group group = new Group(route, property);
		CircuitBreakerOptions options;
		try {
			options = new CircuitBreakerOptions(
					group.pick("failure-rate-threshold", (s) -> s.getCircuitBreaker().getFailureRateThreshold(),
							builtIn.failureRateThreshold()),
					group.pick("sliding-window-size", (s) -> s.getCircuitBreaker().getSlidingWindowSize(),
							builtIn.slidingWindowSize()),
					group.pick("minimum-number-of-calls", (s) -> s.getCircuitBreaker().getMinimumNumberOfCalls(),
							builtIn.minimumNumberOfCalls()),
					group.duration("wait-duration-in-open-state", (s) -> s.getCircuitBreaker().getWaitDurationInOpenState(),
							builtIn.waitDurationInOpenState()),
					group.pick("permitted-calls-in-half-open-state",
							(s) -> s.getCircuitBreaker().getPermittedCallsInHalfOpenState(),
							builtIn.permittedCallsInHalfOpenState()),
					group.duration("slow-call-duration-threshold",
							(s) -> s.getCircuitBreaker().getSlowCallDurationThreshold(),
							builtIn.slowCallDurationThreshold()),
					group.pick("slow-call-rate-threshold", (s) -> s.getCircuitBreaker().getSlowCallRateThreshold(),
							builtIn.slowCallRateThreshold()));
			options.toConfig();
		}
		catch (IllegalArgumentException ex) {
			throw group.refused(ex);
		}
		return options;
	}

	private void retry(GatewayProperties.Route route, String property, ProxyOptions.Builder options) {
		RetryOptions builtIn = RetryOptions.DEFAULTS;
		Group group = new Group(route, property);
		RetryOptions retry;
		try {
			retry = new RetryOptions(
					group.pick("max-attempts", (s) -> s.getRetry().getMaxAttempts(), builtIn.maxAttempts()),
					group.duration("base-backoff", (s) -> s.getRetry().getBaseBackoff(), builtIn.baseBackoff()),
					group.pick("multiplier", (s) -> s.getRetry().getMultiplier(), builtIn.multiplier()),
					group.pick("jitter", (s) -> s.getRetry().getJitter(), builtIn.jitter()),
					group.duration("max-backoff", (s) -> s.getRetry().getMaxBackoff(), builtIn.maxBackoff()),
					group.pick("retry-non-idempotent", (s) -> s.getRetry().getRetryNonIdempotent(),
							builtIn.retryNonIdempotent()),
					builtIn.minAttemptTime());
		}
		catch (IllegalArgumentException ex) {
			throw group.refused(ex);
		}
		requireBackoffWithinTimeout(route, group, retry);
		DataSize replay = group.pick("max-replay-body-size", (s) -> s.getRetry().getMaxReplayBodySize(),
				DataSize.ofBytes(ProxyOptions.DEFAULT_MAX_REPLAY_BODY_SIZE));
		if (replay.isNegative()) {
			throw group.invalid("max-replay-body-size", "must not be negative but was " + replay);
		}
		double budget = group.pick("budget-percent", (s) -> s.getRetry().getBudgetPercent(),
				RetryBudget.DEFAULT_BUDGET_PERCENT);
		if (!(budget >= 0 && budget <= 100)) {
			throw group.invalid("budget-percent", "must be between 0 and 100 but was " + budget);
		}
		int minRetries = group.pick("min-retry-concurrency", (s) -> s.getRetry().getMinRetryConcurrency(),
				RetryBudget.DEFAULT_MIN_RETRY_CONCURRENCY);
		if (minRetries < 0) {
			throw group.invalid("min-retry-concurrency", "must not be negative but was " + minRetries);
		}
		options.retry(retry, replay.toBytes(), budget, minRetries);
	}

	/**
	 * Refuses a first backoff that takes the whole of the route's total timeout: no retry could ever
	 * be sent. A timeout that is not positive is left to its own check.
	 */
	private void requireBackoffWithinTimeout(GatewayProperties.Route route, Group group, RetryOptions retry) {
		Duration timeout = route.getTimeout();
		String source = "";
		if (timeout == null) {
			timeout = this.requestTimeout;
			source = GatewayProperties.PREFIX + ".request-timeout, ";
		}
		if (retry.maxAttempts() > 1 && timeout != null && !timeout.isNegative() && !timeout.isZero()
				&& retry.baseBackoff().compareTo(timeout) >= 0) {
			throw group.invalid("base-backoff", "must be shorter than the route's timeout (" + source + timeout
					+ ") but was " + retry.baseBackoff());
		}
	}

	private ResponseCacheOptions cache(GatewayProperties.Route route, String property) {
		Group group = new Group(route, property);
		try {
			List<String> vary = group.pick("vary", (s) -> s.getCache().getVary().isEmpty() ? null : s.getCache().getVary(),
					List.of());
			return new ResponseCacheOptions(
					group.duration("ttl", (s) -> s.getCache().getTtl(), ResponseCacheOptions.DEFAULT_TTL),
					group.pick("max-entries", (s) -> s.getCache().getMaxEntries(),
							ResponseCacheOptions.DEFAULT_MAX_ENTRIES),
					vary, false,
					group.duration("stale-while-revalidate", (s) -> s.getCache().getStaleWhileRevalidate(), Duration.ZERO));
		}
		catch (IllegalArgumentException ex) {
			throw group.refused(ex);
		}
	}

	private CompressionOptions compression(UpstreamRouteSettings route, String property) {
		Group group = new Group(route, property);
		int level = group.pick("level", (s) -> s.getCompression().getLevel(), CompressionOptions.DEFAULT_LEVEL);
		if (level < 1 || level > 9) {
			throw group.invalid("level", "must be between 1 and 9 but was " + level);
		}
		DataSize minSize = group.pick("min-size", (s) -> s.getCompression().getMinSize(),
				DataSize.ofBytes(CompressionOptions.DEFAULT_MIN_SIZE));
		if (minSize.isNegative()) {
			throw group.invalid("min-size", "must not be negative but was " + minSize);
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

	private Duration positive(UpstreamRouteSettings route, String property, String name,
			Function<UpstreamRouteSettings, Duration> getter, Duration builtIn) {
		Duration value = pick(route, getter, builtIn);
		String path = (getter.apply(route) != null) ? property + "." + name : DEFAULTS + "." + name;
		if (value.isNegative() || value.isZero()) {
			throw new InvalidGatewayPropertyException(path, "must be positive but was " + value);
		}
		GatewayRouteFactory.requireAtMostMax(value, path);
		return value;
	}

	private void requireClass(String className, String property, String library) {
		if (!ClassUtils.isPresent(className, this.classLoader)) {
			throw new InvalidGatewayPropertyException(property, "needs " + library + " on the class path");
		}
	}

	/**
	 * The values of one group of a route ({@code retry}, {@code cache}, ...) as they are picked, by
	 * property name, so that a wrong value is reported under the property it came from: the route's,
	 * else the default's.
	 */
	private final class Group {

		private final UpstreamRouteSettings route;

		private final String property;

		private final Map<String, Function<UpstreamRouteSettings, ?>> picked = new HashMap<>();

		Group(UpstreamRouteSettings route, String property) {
			this.route = route;
			this.property = property;
		}

		<T> T pick(String name, Function<UpstreamRouteSettings, T> getter, T builtIn) {
			this.picked.put(name, getter);
			return UpstreamRouteFactory.this.pick(this.route, getter, builtIn);
		}

		/**
		 * Picks a duration, refusing one too long to be counted in nanoseconds; the runtime's
		 * options check the rest.
		 */
		Duration duration(String name, Function<UpstreamRouteSettings, Duration> getter, Duration builtIn) {
			Duration value = pick(name, getter, builtIn);
			if (NanosecondDurations.isTooLong(value)) {
				throw invalid(name, NanosecondDurations.tooLong(value));
			}
			return value;
		}

		InvalidGatewayPropertyException invalid(String name, String reason) {
			if (this.picked.get(name).apply(this.route) != null) {
				return new InvalidGatewayPropertyException(this.property + "." + name, reason);
			}
			String group = this.property.substring(this.property.lastIndexOf('.') + 1);
			return new InvalidGatewayPropertyException(DEFAULTS + "." + group + "." + name, reason);
		}

		/**
		 * Names the value the runtime's options refused: their messages start with its name, such
		 * as {@code max-attempts must be at least 1, was 0}.
		 */
		InvalidGatewayPropertyException refused(IllegalArgumentException ex) {
			String message = ex.getMessage();
			int space = message.indexOf(' ');
			String name = (space > 0) ? message.substring(0, space) : message;
			if (!this.picked.containsKey(name)) {
				return new InvalidGatewayPropertyException(this.property, message);
			}
			return invalid(name, message.substring(space + 1));
		}

	}

}
