package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.List;

/**
 * Token-bucket limits of one route ({@code fluxor.gateway.routes[n].rate-limit.*}): a {@code route}
 * bucket shared by every caller, a {@code user} bucket per caller, or both. Each request takes one
 * token; an empty bucket answers 429.
 *
 * <p>The same type holds the defaults of every route ({@code fluxor.gateway.rate-limit.*}): a value
 * a route leaves unset is taken from there, then from the built-in default. Only routes with a
 * {@code rate-limit} section are limited. Values are therefore {@code null} when unset.
 */
public class RateLimitProperties {

	/**
	 * Bucket shared by every caller of the route, protecting its target from the total load.
	 */
	private Bucket route;

	/**
	 * Bucket per caller, the caller found by the key sources.
	 */
	private UserBucket user;

	public Bucket getRoute() {
		return this.route;
	}

	public void setRoute(Bucket route) {
		this.route = route;
	}

	public UserBucket getUser() {
		return this.user;
	}

	public void setUser(UserBucket user) {
		this.user = user;
	}

	/**
	 * Shape of a token bucket: at most {@code capacity} tokens, {@code refill-tokens} added every
	 * {@code refill-period}.
	 */
	public static class Bucket {

		/**
		 * Most tokens the bucket holds: the burst allowed after a quiet period.
		 */
		private Long capacity;

		/**
		 * Tokens added per refill period: the sustained rate, at most one token per nanosecond of
		 * the period. Defaults to the capacity.
		 */
		private Long refillTokens;

		/**
		 * Period over which refill-tokens are added, a token at a time as its share of the period
		 * elapses. Defaults to 1s; at most 106751d (about 292 years).
		 */
		private Duration refillPeriod;

		public Long getCapacity() {
			return this.capacity;
		}

		public void setCapacity(Long capacity) {
			this.capacity = capacity;
		}

		public Long getRefillTokens() {
			return this.refillTokens;
		}

		public void setRefillTokens(Long refillTokens) {
			this.refillTokens = refillTokens;
		}

		public Duration getRefillPeriod() {
			return this.refillPeriod;
		}

		public void setRefillPeriod(Duration refillPeriod) {
			this.refillPeriod = refillPeriod;
		}

	}

	/**
	 * Shape of the per-user buckets, how a user is recognized, and how many buckets are kept.
	 */
	public static class UserBucket extends Bucket {

		/**
		 * Where the user key is read from, tried in order, the first value found wins: header:NAME,
		 * query:NAME, cookie:NAME, form:NAME, basic-auth, jwt:CLAIM (verified tokens only) or ip.
		 * When none yields a value, the client address is the key. Defaults to ip.
		 */
		private List<String> keySources;

		/**
		 * Most user buckets held; the least recently used is dropped beyond it. Defaults to 100000.
		 */
		private Long maxKeys;

		/**
		 * Time after which an untouched user bucket is dropped. Defaults to the time the bucket
		 * takes to refill from empty, after which a dropped bucket and a new one are the same.
		 * At most 106751d (about 292 years).
		 */
		private Duration idleTimeout;

		public List<String> getKeySources() {
			return this.keySources;
		}

		public void setKeySources(List<String> keySources) {
			this.keySources = keySources;
		}

		public Long getMaxKeys() {
			return this.maxKeys;
		}

		public void setMaxKeys(Long maxKeys) {
			this.maxKeys = maxKeys;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

}
