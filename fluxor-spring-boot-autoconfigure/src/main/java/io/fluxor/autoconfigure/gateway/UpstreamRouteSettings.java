package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.fluxor.gateway.loadbalance.LoadBalancingStrategy;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Settings of a route to upstreams that {@code fluxor.gateway.defaults.*} gives every such route
 * and a route may override ({@code fluxor.gateway.routes[n].*}), as resilience4j's
 * {@code configs.default} does for its instances.
 *
 * <p>Every value is unset until configured: a route's value wins over the default, and the default
 * over the built-in value of the runtime's options ({@code ProxyOptions}, {@code RetryOptions},
 * {@code CircuitBreakerOptions}, {@code ResponseCacheOptions}, {@code CompressionOptions}). A group
 * ({@code circuit-breaker}, {@code retry}, {@code cache}, {@code compression}) is on when its
 * {@code enabled} says so, or, when {@code enabled} is unset, as soon as any of its properties is
 * set in the route or the defaults.
 */
public class UpstreamRouteSettings {

	/**
	 * How the route picks an upstream for each request: round-robin, weighted-round-robin,
	 * least-connections or power-of-two-choices.
	 */
	private LoadBalancingStrategy loadBalancing;

	/**
	 * Time to open a connection to an upstream; a connection not open within it is answered with a
	 * 504, a refused one with a 502. At most 106751d (about 292 years).
	 */
	private Duration connectTimeout;

	/**
	 * Longest silence allowed while reading an upstream response, headers included; longer is
	 * answered with a 504.
	 * At most 106751d (about 292 years).
	 */
	private Duration responseTimeout;

	/**
	 * Circuit breaker of each upstream, keyed by its URL.
	 */
	@NestedConfigurationProperty
	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	/**
	 * Retries of failed attempts on another upstream.
	 */
	@NestedConfigurationProperty
	private final Retry retry = new Retry();

	/**
	 * Response cache of the route.
	 */
	@NestedConfigurationProperty
	private final Cache cache = new Cache();

	/**
	 * Gzip compression of the route's responses.
	 */
	@NestedConfigurationProperty
	private final Compression compression = new Compression();

	public LoadBalancingStrategy getLoadBalancing() {
		return this.loadBalancing;
	}

	public void setLoadBalancing(LoadBalancingStrategy loadBalancing) {
		this.loadBalancing = loadBalancing;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getResponseTimeout() {
		return this.responseTimeout;
	}

	public void setResponseTimeout(Duration responseTimeout) {
		this.responseTimeout = responseTimeout;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Compression getCompression() {
		return this.compression;
	}

	/**
	 * Circuit breaker settings ({@code circuit-breaker.*}), count-based sliding window.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether each upstream gets a circuit breaker; an open breaker takes its upstream out of
		 * the rotation.
		 */
		private Boolean enabled;

		/**
		 * Failure percentage, from 1 to 100, at which a breaker opens; 5xx responses, connection
		 * failures and timeouts count as failures.
		 */
		private Float failureRateThreshold;

		/**
		 * Number of recent calls the failure and slow-call rates are computed over.
		 */
		private Integer slidingWindowSize;

		/**
		 * Calls needed before the rates count.
		 */
		private Integer minimumNumberOfCalls;

		/**
		 * Time a breaker stays open before letting trial calls through.
		 * At most 106751d (about 292 years).
		 */
		private Duration waitDurationInOpenState;

		/**
		 * Trial calls in half-open state that decide whether the breaker closes again.
		 */
		private Integer permittedCallsInHalfOpenState;

		/**
		 * Duration above which a call counts as slow.
		 * At most 106751d (about 292 years).
		 */
		private Duration slowCallDurationThreshold;

		/**
		 * Slow-call percentage, from 1 to 100, at which a breaker opens.
		 */
		private Float slowCallRateThreshold;

		boolean isConfigured() {
			return this.failureRateThreshold != null || this.slidingWindowSize != null
					|| this.minimumNumberOfCalls != null || this.waitDurationInOpenState != null
					|| this.permittedCallsInHalfOpenState != null || this.slowCallDurationThreshold != null
					|| this.slowCallRateThreshold != null;
		}

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(Float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public Integer getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(Integer slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public Integer getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(Integer minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public Integer getPermittedCallsInHalfOpenState() {
			return this.permittedCallsInHalfOpenState;
		}

		public void setPermittedCallsInHalfOpenState(Integer permittedCallsInHalfOpenState) {
			this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
		}

		public Duration getSlowCallDurationThreshold() {
			return this.slowCallDurationThreshold;
		}

		public void setSlowCallDurationThreshold(Duration slowCallDurationThreshold) {
			this.slowCallDurationThreshold = slowCallDurationThreshold;
		}

		public Float getSlowCallRateThreshold() {
			return this.slowCallRateThreshold;
		}

		public void setSlowCallRateThreshold(Float slowCallRateThreshold) {
			this.slowCallRateThreshold = slowCallRateThreshold;
		}

	}

	/**
	 * Retry settings ({@code retry.*}): 5xx responses and connection failures are retried on
	 * another upstream, with exponential backoff and jitter, within the route's total timeout.
	 */
	public static class Retry {

		/**
		 * Whether failed attempts are retried.
		 */
		private Boolean enabled;

		/**
		 * Attempts in all, the first included; 1 disables retries.
		 */
		private Integer maxAttempts;

		/**
		 * Wait before the first retry; shorter than the route's timeout when retries are on.
		 * At most 106751d (about 292 years).
		 */
		private Duration baseBackoff;

		/**
		 * Factor applied to the wait after each retry.
		 */
		private Double multiplier;

		/**
		 * Randomization of each wait, from 0 (none) up to but excluding 1 (0.5 draws it within
		 * plus or minus 50%).
		 */
		private Double jitter;

		/**
		 * Longest wait between two attempts.
		 * At most 106751d (about 292 years).
		 */
		private Duration maxBackoff;

		/**
		 * Whether POST and PATCH requests are retried too; only bodies of declared length up to
		 * max-replay-body-size can be sent again.
		 */
		private Boolean retryNonIdempotent;

		/**
		 * Largest request body kept in memory so that a retry can send it again; larger or chunked
		 * bodies stream to the upstream and their request is tried once.
		 */
		private DataSize maxReplayBodySize;

		/**
		 * Share, in percent from 0 to 100, of the route's live requests that may be retries at
		 * once, so that a failing upstream does not cause a retry storm.
		 */
		private Double budgetPercent;

		/**
		 * Concurrent retries always allowed, whatever the budget.
		 */
		private Integer minRetryConcurrency;

		boolean isConfigured() {
			return this.maxAttempts != null || this.baseBackoff != null || this.multiplier != null
					|| this.jitter != null || this.maxBackoff != null || this.retryNonIdempotent != null
					|| this.maxReplayBodySize != null || this.budgetPercent != null || this.minRetryConcurrency != null;
		}

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getBaseBackoff() {
			return this.baseBackoff;
		}

		public void setBaseBackoff(Duration baseBackoff) {
			this.baseBackoff = baseBackoff;
		}

		public Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(Double multiplier) {
			this.multiplier = multiplier;
		}

		public Double getJitter() {
			return this.jitter;
		}

		public void setJitter(Double jitter) {
			this.jitter = jitter;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Boolean getRetryNonIdempotent() {
			return this.retryNonIdempotent;
		}

		public void setRetryNonIdempotent(Boolean retryNonIdempotent) {
			this.retryNonIdempotent = retryNonIdempotent;
		}

		public DataSize getMaxReplayBodySize() {
			return this.maxReplayBodySize;
		}

		public void setMaxReplayBodySize(DataSize maxReplayBodySize) {
			this.maxReplayBodySize = maxReplayBodySize;
		}

		public Double getBudgetPercent() {
			return this.budgetPercent;
		}

		public void setBudgetPercent(Double budgetPercent) {
			this.budgetPercent = budgetPercent;
		}

		public Integer getMinRetryConcurrency() {
			return this.minRetryConcurrency;
		}

		public void setMinRetryConcurrency(Integer minRetryConcurrency) {
			this.minRetryConcurrency = minRetryConcurrency;
		}

	}

	/**
	 * Response cache settings ({@code cache.*}): 200 responses to GET and HEAD, as the upstream's
	 * Cache-Control allows.
	 */
	public static class Cache {

		/**
		 * Whether responses are cached.
		 */
		private Boolean enabled;

		/**
		 * Time a response stays fresh, capped by the upstream's max-age.
		 * At most 106751d (about 292 years).
		 */
		private Duration ttl;

		/**
		 * Most responses held; the least recently used go first.
		 */
		private Long maxEntries;

		/**
		 * Request headers whose values are part of the cache key, such as Accept-Language or a user
		 * header.
		 */
		private List<String> vary = new ArrayList<>();

		/**
		 * Time after expiry during which a stale response is served while one background request
		 * refreshes it; never for responses marked must-revalidate, proxy-revalidate or s-maxage.
		 * At most 106751d (about 292 years).
		 */
		private Duration staleWhileRevalidate;

		boolean isConfigured() {
			return this.ttl != null || this.maxEntries != null || !this.vary.isEmpty()
					|| this.staleWhileRevalidate != null;
		}

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Long getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(Long maxEntries) {
			this.maxEntries = maxEntries;
		}

		public List<String> getVary() {
			return this.vary;
		}

		public void setVary(List<String> vary) {
			this.vary = vary;
		}

		public Duration getStaleWhileRevalidate() {
			return this.staleWhileRevalidate;
		}

		public void setStaleWhileRevalidate(Duration staleWhileRevalidate) {
			this.staleWhileRevalidate = staleWhileRevalidate;
		}

	}

	/**
	 * Compression settings ({@code compression.*}): gzip for clients that accept it, unless the
	 * upstream already encoded the body.
	 */
	public static class Compression {

		/**
		 * Whether responses are gzipped for clients that accept it.
		 */
		private Boolean enabled;

		/**
		 * Deflate level from 1 (fastest) to 9 (smallest).
		 */
		private Integer level;

		/**
		 * Smallest response body worth compressing; bodies of unknown length are always
		 * compressed.
		 */
		private DataSize minSize;

		boolean isConfigured() {
			return this.level != null || this.minSize != null;
		}

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Integer getLevel() {
			return this.level;
		}

		public void setLevel(Integer level) {
			this.level = level;
		}

		public DataSize getMinSize() {
			return this.minSize;
		}

		public void setMinSize(DataSize minSize) {
			this.minSize = minSize;
		}

	}

}
