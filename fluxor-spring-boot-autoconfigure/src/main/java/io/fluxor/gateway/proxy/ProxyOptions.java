package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.fluxor.gateway.cache.ResponseCacheOptions;
import io.fluxor.gateway.loadbalance.LoadBalancingStrategy;
import io.fluxor.gateway.loadbalance.Upstream;
import io.fluxor.gateway.resilience.CircuitBreakerOptions;
import io.fluxor.gateway.resilience.RetryBudget;
import io.fluxor.gateway.resilience.RetryOptions;

/**
 * What one route's {@link UpstreamProxy} does: where it forwards, how it picks an upstream, its
 * timeouts, path rewriting and the optional circuit breakers, retries, cache and compression (each
 * {@code null} when off).
 *
 * <p>Immutable; build with {@link #builder(List)}.
 */
public final class ProxyOptions {

	/** Default time to open a connection to an upstream. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default longest silence between two reads of an upstream response, headers included. */
	public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

	/** Default largest request body kept in memory so that a retry can send it again: 64 KB. */
	public static final long DEFAULT_MAX_REPLAY_BODY_SIZE = 64 * 1024;

	private final List<Upstream> upstreams;

	private final LoadBalancingStrategy loadBalancing;

	private final Duration connectTimeout;

	private final Duration responseTimeout;

	private final int stripPrefix;

	private final Pattern rewritePath;

	private final String rewriteReplacement;

	private final CircuitBreakerOptions circuitBreaker;

	private final RetryOptions retry;

	private final long maxReplayBodySize;

	private final double retryBudgetPercent;

	private final int minRetryConcurrency;

	private final ResponseCacheOptions cache;

	private final CompressionOptions compression;

	private ProxyOptions(Builder builder) {
		this.upstreams = List.copyOf(builder.upstreams);
		this.loadBalancing = builder.loadBalancing;
		this.connectTimeout = builder.connectTimeout;
		this.responseTimeout = builder.responseTimeout;
		this.stripPrefix = builder.stripPrefix;
		this.rewritePath = builder.rewritePath;
		this.rewriteReplacement = builder.rewriteReplacement;
		this.circuitBreaker = builder.circuitBreaker;
		this.retry = builder.retry;
		this.maxReplayBodySize = builder.maxReplayBodySize;
		this.retryBudgetPercent = builder.retryBudgetPercent;
		this.minRetryConcurrency = builder.minRetryConcurrency;
		this.cache = builder.cache;
		this.compression = builder.compression;
	}

	/**
	 * Starts options for these upstreams, round robin and no optional feature.
	 * @param upstreams the upstreams, at least one
	 * @return a builder
	 */
	public static Builder builder(List<Upstream> upstreams) {
		return new Builder(upstreams);
	}

	/**
	 * Returns the upstreams.
	 * @return the upstreams, in configuration order
	 */
	public List<Upstream> upstreams() {
		return this.upstreams;
	}

	/**
	 * Returns the load-balancing strategy.
	 * @return the strategy
	 */
	public LoadBalancingStrategy loadBalancing() {
		return this.loadBalancing;
	}

	/**
	 * Returns the connect timeout.
	 * @return the timeout
	 */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Returns the longest silence between two reads of a response.
	 * @return the timeout
	 */
	public Duration responseTimeout() {
		return this.responseTimeout;
	}

	/**
	 * Returns the number of leading path segments removed before forwarding.
	 * @return the count, 0 for none
	 */
	public int stripPrefix() {
		return this.stripPrefix;
	}

	/**
	 * Returns the pattern the forwarded path is rewritten with.
	 * @return the pattern, or {@code null}
	 */
	public Pattern rewritePath() {
		return this.rewritePath;
	}

	/**
	 * Returns the replacement of {@link #rewritePath()}, with {@code $1} or {@code ${name}} groups.
	 * @return the replacement, or {@code null}
	 */
	public String rewriteReplacement() {
		return this.rewriteReplacement;
	}

	/**
	 * Returns the circuit breaker settings.
	 * @return the settings, or {@code null} when upstreams have no breaker
	 */
	public CircuitBreakerOptions circuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Returns the retry settings.
	 * @return the settings, or {@code null} when requests are tried once
	 */
	public RetryOptions retry() {
		return this.retry;
	}

	/**
	 * Returns the largest request body buffered for replay; larger bodies stream and are not
	 * retried.
	 * @return the size in bytes
	 */
	public long maxReplayBodySize() {
		return this.maxReplayBodySize;
	}

	/**
	 * Returns the share of live requests that may be retries at once.
	 * @return the percentage
	 */
	public double retryBudgetPercent() {
		return this.retryBudgetPercent;
	}

	/**
	 * Returns the concurrent retries always allowed, whatever the budget.
	 * @return the count
	 */
	public int minRetryConcurrency() {
		return this.minRetryConcurrency;
	}

	/**
	 * Returns the cache settings.
	 * @return the settings, or {@code null} when responses are not cached
	 */
	public ResponseCacheOptions cache() {
		return this.cache;
	}

	/**
	 * Returns the compression settings.
	 * @return the settings, or {@code null} when responses pass as the upstream sent them
	 */
	public CompressionOptions compression() {
		return this.compression;
	}

	/**
	 * Builds {@link ProxyOptions}.
	 */
	public static final class Builder {

		private final List<Upstream> upstreams;

		private LoadBalancingStrategy loadBalancing = LoadBalancingStrategy.ROUND_ROBIN;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;

		private int stripPrefix;

		private Pattern rewritePath;

		private String rewriteReplacement;

		private CircuitBreakerOptions circuitBreaker;

		private RetryOptions retry;

		private long maxReplayBodySize = DEFAULT_MAX_REPLAY_BODY_SIZE;

		private double retryBudgetPercent = RetryBudget.DEFAULT_BUDGET_PERCENT;

		private int minRetryConcurrency = RetryBudget.DEFAULT_MIN_RETRY_CONCURRENCY;

		private ResponseCacheOptions cache;

		private CompressionOptions compression;

		private Builder(List<Upstream> upstreams) {
			Objects.requireNonNull(upstreams, "upstreams");
			if (upstreams.isEmpty()) {
				throw new IllegalArgumentException("upstreams must not be empty");
			}
			this.upstreams = List.copyOf(upstreams);
		}

		/**
		 * Sets the load-balancing strategy.
		 * @param strategy the strategy
		 * @return this builder
		 */
		public Builder loadBalancing(LoadBalancingStrategy strategy) {
			this.loadBalancing = Objects.requireNonNull(strategy, "strategy");
			return this;
		}

		/**
		 * Sets the connect and response timeouts.
		 * @param connectTimeout time to open a connection
		 * @param responseTimeout longest silence between two reads of a response
		 * @return this builder
		 */
		public Builder timeouts(Duration connectTimeout, Duration responseTimeout) {
			this.connectTimeout = positive(connectTimeout, "connect-timeout");
			this.responseTimeout = positive(responseTimeout, "response-timeout");
			return this;
		}

		/**
		 * Removes leading path segments before forwarding: 1 turns {@code /api/users} into
		 * {@code /users}.
		 * @param segments the number of segments
		 * @return this builder
		 */
		public Builder stripPrefix(int segments) {
			if (segments < 0) {
				throw new IllegalArgumentException("strip-prefix must not be negative but was " + segments);
			}
			this.stripPrefix = segments;
			return this;
		}

		/**
		 * Rewrites the forwarded path (after {@link #stripPrefix}) with a regular expression.
		 * @param regex the pattern, e.g. {@code /api/(?<rest>.*)}
		 * @param replacement the replacement, e.g. {@code /v2/${rest}}
		 * @return this builder
		 */
		public Builder rewritePath(String regex, String replacement) {
			this.rewritePath = Pattern.compile(regex);
			this.rewriteReplacement = Objects.requireNonNull(replacement, "replacement");
			return this;
		}

		/**
		 * Gives every upstream a circuit breaker.
		 * @param options the breaker settings, or {@code null} for none
		 * @return this builder
		 */
		public Builder circuitBreaker(CircuitBreakerOptions options) {
			this.circuitBreaker = options;
			return this;
		}

		/**
		 * Retries failed attempts on another upstream.
		 * @param options the retry settings, or {@code null} for none
		 * @param maxReplayBodySize largest request body buffered for replay, in bytes
		 * @param budgetPercent share of live requests that may be retries at once
		 * @param minRetryConcurrency concurrent retries always allowed
		 * @return this builder
		 */
		public Builder retry(RetryOptions options, long maxReplayBodySize, double budgetPercent,
				int minRetryConcurrency) {
			if (maxReplayBodySize < 0) {
				throw new IllegalArgumentException(
						"max-replay-body-size must not be negative but was " + maxReplayBodySize);
			}
			new RetryBudget(budgetPercent, minRetryConcurrency);
			this.retry = options;
			this.maxReplayBodySize = maxReplayBodySize;
			this.retryBudgetPercent = budgetPercent;
			this.minRetryConcurrency = minRetryConcurrency;
			return this;
		}

		/**
		 * Caches responses.
		 * @param options the cache settings, or {@code null} for none; a proxy has no user key of its
		 * own, so its cache varies on request headers ({@code vary}), never
		 * {@linkplain ResponseCacheOptions#varyByUser() by user}
		 * @return this builder
		 */
		public Builder cache(ResponseCacheOptions options) {
			if (options != null && options.varyByUser()) {
				throw new IllegalArgumentException("a proxy's cache cannot vary by user: list the header that "
						+ "carries the user (a forwarded claim, Authorization) in vary instead");
			}
			this.cache = options;
			return this;
		}

		/**
		 * Compresses responses for clients that accept gzip.
		 * @param options the compression settings, or {@code null} for none
		 * @return this builder
		 */
		public Builder compression(CompressionOptions options) {
			this.compression = options;
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 */
		public ProxyOptions build() {
			return new ProxyOptions(this);
		}

		private static Duration positive(Duration duration, String name) {
			Objects.requireNonNull(duration, name);
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive but was " + duration);
			}
			return duration;
		}

	}

}
