package io.fluxor.gateway.filter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.fluxor.gateway.GatewayExchange;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.ratelimit.RateLimitDecision;
import io.fluxor.gateway.ratelimit.RateLimitMetrics;
import io.fluxor.gateway.ratelimit.RequestKeyContext;
import io.fluxor.gateway.ratelimit.UserRateLimiter;
import io.fluxor.gateway.route.Route;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Token-bucket rate limiting per route ({@code rate-limit:} in a route's configuration, a
 * {@link RateLimitPolicy} carried by the {@link Route}): each
 * request takes a token from its user's bucket, then from the route's bucket; without one it is
 * answered 429 with {@code Retry-After} and {@code X-RateLimit-Limit/Remaining/Reset}, and the
 * rejection is counted. Allowed responses carry the {@code X-RateLimit-*} headers of the tighter of
 * the two buckets.
 *
 * <p>The user bucket is checked first, so a user over their own limit does not drain the route's
 * shared bucket for everyone else; the price is that a user token is spent on a request the route
 * bucket then refuses. Routes without a policy cost one map lookup by route id. Runs after
 * {@link JwtAuthenticationFilter} ({@link #ORDER}), so a {@code jwt:} key source sees a token that
 * authentication already accepted; the token is verified again for the key, which keeps the key
 * sources independent of authentication (an HMAC check costs microseconds).
 */
public final class RateLimitFilter implements GatewayFilter {

	/** Position in the chain: after authentication, before caching and the target. */
	public static final int ORDER = -1000;

	private static final byte[] TOO_MANY_REQUESTS = "Too Many Requests".getBytes(StandardCharsets.UTF_8);

	private final RateLimitMetrics metrics;

	/**
	 * Creates the filter.
	 * @param metrics where rejections are counted
	 */
	public RateLimitFilter(RateLimitMetrics metrics) {
		this.metrics = Objects.requireNonNull(metrics, "metrics");
	}

	@Override
	public int order() {
		return ORDER;
	}

	/**
	 * Returns where rejections are counted.
	 * @return the metrics
	 */
	public RateLimitMetrics metrics() {
		return this.metrics;
	}

	@Override
	public boolean appliesTo(Route route) {
		return route.policy(RateLimitPolicy.class) != null;
	}

	@Override
	public Mono<HttpResponseMessage> filter(GatewayExchange exchange, GatewayFilterChain chain) {
		RateLimitPolicy policy = exchange.route().policy(RateLimitPolicy.class);
		if (policy == null) {
			return chain.next(exchange);
		}
		RateLimitDecision decision = null;
		UserRateLimiter users = policy.userLimiter();
		if (users != null) {
			RequestKeyContext request = new ExchangeKeyContext(exchange);
			decision = users.tryAcquire(policy.keyResolver().resolve(request));
			if (!decision.allowed()) {
				return reject(exchange, decision);
			}
		}
		if (policy.routeLimiter() != null) {
			RateLimitDecision route = policy.routeLimiter().tryAcquire();
			if (!route.allowed()) {
				return reject(exchange, route);
			}
			if (decision == null || route.remaining() < decision.remaining()) {
				decision = route;
			}
		}
		HttpServerResponse proxied = exchange.serverResponse();
		if (proxied != null) {
			// the target writes the response itself: the headers go on it before it is sent
			decision.forEachHeader(proxied::header);
			return chain.next(exchange);
		}
		RateLimitDecision allowed = decision;
		return chain.next(exchange).map((response) -> withHeaders(response, allowed));
	}

	private Mono<HttpResponseMessage> reject(GatewayExchange exchange, RateLimitDecision decision) {
		this.metrics.rejected(exchange.route().id(), decision.scope());
		Map<String, String> headers = new LinkedHashMap<>(8);
		headers.put("content-type", HttpResponseMessage.TEXT_PLAIN);
		decision.forEachHeader(headers::put);
		return Mono.just(new HttpResponseMessage(RateLimitDecision.STATUS_TOO_MANY_REQUESTS, headers, TOO_MANY_REQUESTS));
	}

	private static HttpResponseMessage withHeaders(HttpResponseMessage response, RateLimitDecision decision) {
		Map<String, String> headers = new LinkedHashMap<>(response.headers().size() + 4);
		headers.putAll(response.headers());
		decision.forEachHeader(headers::put);
		return new HttpResponseMessage(response.status(), headers, response.body());
	}

}
