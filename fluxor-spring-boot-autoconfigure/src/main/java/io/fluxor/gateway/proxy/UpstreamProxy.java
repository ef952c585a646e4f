package io.fluxor.gateway.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.fluxor.gateway.ComposedResponse;
import io.fluxor.gateway.GatewayExchange;
import io.fluxor.gateway.HttpRequestMessage;
import io.fluxor.gateway.ContentLength;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.RequestTarget;
import io.fluxor.gateway.cache.CacheKey;
import io.fluxor.gateway.cache.CacheLookup;
import io.fluxor.gateway.cache.CachedResponse;
import io.fluxor.gateway.cache.ConditionalRequests;
import io.fluxor.gateway.cache.ResponseCache;
import io.fluxor.gateway.loadbalance.LoadBalancer;
import io.fluxor.gateway.loadbalance.Upstream;
import io.fluxor.gateway.resilience.RetryBudget;
import io.fluxor.gateway.resilience.RetryPolicy;
import io.fluxor.gateway.resilience.UpstreamCircuitBreakers;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.ByteBufFlux;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The target of one route to upstreams: forwards each request to an upstream picked by the route's
 * {@link LoadBalancer} and streams the response back.
 *
 * <p>Request and response bodies stream: nothing is buffered except (a) a request body that a
 * retry may have to send again, when it is at most {@link ProxyOptions#maxReplayBodySize()} and
 * its length is declared, (b) responses of a cached route, which the cache keeps whole, and (c) a
 * response body that declares at most 16 KiB, which goes out with its headers in one write. A
 * larger or chunked request body streams and its request is tried once.
 *
 * <p>Per attempt: the balancer skips upstreams whose breaker is open (none left: 503 at once); the
 * connection must open within the connect timeout, the response headers must arrive within the
 * route's total timeout, and reads may pause at most the response timeout (504); a refused or broken
 * connection is a 502. A 5xx or a connection failure is retried on another upstream
 * ({@code choose(excluding)}) when the method is idempotent or the route opts in, the body is
 * replayable, some upstream's breaker is not open, the retry budget has room and backoff leaves time
 * within the total timeout; the last attempt's 5xx goes to the client as is, and so does the 5xx of
 * an attempt whose failure opened the last closed breaker. Once the response headers are sent, a
 * failure can only cut the connection; a small body (c) that fails is still a 502 or 504.
 *
 * <p>Allocation per request: the upstream headers, one small state object per attempt and Reactor's
 * operators; the routing state (balancer, breakers, client configuration) is built once.
 */
public final class UpstreamProxy {

	private static final RetryRequested RETRY = new RetryRequested();

	/**
	 * Ends an attempt whose response headers missed the route's deadline. Given as the timeout's
	 * fallback, which spares the operator the description it would otherwise build per request.
	 */
	private static final Mono<Object> DEADLINE_PASSED = Mono.error(() -> new java.util.concurrent.TimeoutException(
			"Upstream response headers did not arrive within the route's timeout"));

	/**
	 * The largest declared body the proxy collects before it sends a response: headers and body then
	 * leave in one write, one system call where a streamed body takes two; larger bodies stream.
	 */
	private static final int WHOLE_BODY_MAX_BYTES = 16 * 1024;

	private static final HttpResponseMessage[] SENT = new HttpResponseMessage[600];

	/** Request headers a load for the cache leaves out: it fetches what every client of the key may get. */
	private static final AsciiString[] CLIENT_SPECIFIC = { HttpHeaderNames.RANGE, HttpHeaderNames.IF_RANGE,
			HttpHeaderNames.IF_NONE_MATCH, HttpHeaderNames.IF_MODIFIED_SINCE, HttpHeaderNames.IF_MATCH,
			HttpHeaderNames.IF_UNMODIFIED_SINCE };

	private static final HttpResponseMessage NO_UPSTREAM = failure(503);

	private static final HttpResponseMessage BAD_GATEWAY = failure(502);

	private static final HttpResponseMessage GATEWAY_TIMEOUT = failure(504);

	static {
		for (int status = 100; status < SENT.length; status++) {
			SENT[status] = HttpResponseMessage.status(status);
		}
	}

	private final String routeId;

	private final ProxyOptions options;

	private final LoadBalancer loadBalancer;

	private final UpstreamCircuitBreakers breakers;

	private final RetryPolicy retryPolicy;

	private final RetryBudget retryBudget;

	private final ResponseCache cache;

	private final UpstreamMetrics metrics;

	private final PathRewriter rewriter;

	private final Map<Upstream, UpstreamEndpoint> endpoints = new IdentityHashMap<>();

	private final int maxAttempts;

	private UpstreamProxy(Builder builder) {
		this.routeId = builder.routeId;
		this.options = builder.options;
		this.metrics = builder.metrics;
		int connectTimeout = (int) Math.min(Integer.MAX_VALUE, this.options.connectTimeout().toMillis());
		Duration responseTimeout = this.options.responseTimeout();
		UnaryOperator<HttpClient> routeOptions = (base) -> base.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout)
			.responseTimeout(responseTimeout);
		UpstreamClient clients = builder.client;
		HttpClient client = routeOptions.apply(clients.httpClient());
		if (this.options.circuitBreaker() != null) {
			this.breakers = new UpstreamCircuitBreakers(Objects.requireNonNull(builder.circuitBreakerRegistry,
					"a circuit breaker registry is needed for circuit breakers"), this.options.circuitBreaker());
			this.loadBalancer = this.options.loadBalancing().create(this.options.upstreams(), this.breakers::isAvailable);
		}
		else {
			this.breakers = null;
			this.loadBalancer = this.options.loadBalancing().create(this.options.upstreams(), (upstream) -> true);
		}
		if (this.options.retry() != null && this.options.retry().maxAttempts() > 1) {
			this.retryPolicy = new RetryPolicy(this.routeId, this.options.retry());
			this.retryBudget = new RetryBudget(this.options.retryBudgetPercent(), this.options.minRetryConcurrency());
			this.maxAttempts = this.options.retry().maxAttempts();
		}
		else {
			this.retryPolicy = null;
			this.retryBudget = null;
			this.maxAttempts = 1;
		}
		this.cache = (this.options.cache() != null) ? new ResponseCache(this.routeId, this.options.cache()) : null;
		this.rewriter = new PathRewriter(this.options.stripPrefix(), this.options.rewritePath(),
				this.options.rewriteReplacement());
		for (Upstream upstream : this.loadBalancer.upstreams()) {
			this.endpoints.put(upstream,
					UpstreamEndpoint.of(upstream, client, (loop) -> routeOptions.apply(clients.httpClient(loop))));
		}
	}

	/**
	 * Starts building the proxy of a route.
	 * @param routeId the route id, the {@code route} tag of its metrics
	 * @param options what the proxy does
	 * @return a builder
	 */
	public static Builder builder(String routeId, ProxyOptions options) {
		return new Builder(routeId, options);
	}

	/**
	 * Forwards one request and sends the upstream's response on the exchange's server response.
	 * @param exchange the exchange, with its Reactor Netty request and response
	 * @param timeout the route's total timeout: every attempt and backoff until the response
	 * headers
	 * @return the status sent, as a body-less message; or, when nothing was sent, the response the
	 * server must write (502, 503 or 504)
	 */
	public Mono<HttpResponseMessage> forward(GatewayExchange exchange, Duration timeout) {
		HttpServerRequest in = exchange.serverRequest();
		HttpServerResponse out = exchange.serverResponse();
		if (in == null || out == null) {
			return Mono.error(new IllegalStateException(
					"Route '" + this.routeId + "' proxies to upstreams and needs the server's request and response"));
		}
		long arrived = System.nanoTime();
		String method = exchange.request().method();
		String path = this.rewriter.rewrite(exchange.request().path());
		String query = RequestTarget.query(in.uri());
		if (this.cache == null || !ResponseCache.isCacheable(method)) {
			return new Call(exchange, in, out, arrived + timeout.toNanos(), path, query).run(false)
				.cast(HttpResponseMessage.class);
		}
		// A hit is answered before anything of an upstream call is built. The vary values are those
		// the upstream gets: a filter's (a forwarded claim), never the client's own copy.
		Function<String, String> header = exchange.isRequestReplaced() ? exchange.request()::header
				: in.requestHeaders()::get;
		CacheKey key = this.cache.key(method, path, query, header, null);
		// the deadline counts from the request's arrival, also for a waiter that loads after a flight
		Supplier<Mono<CachedResponse>> loader = () -> new Call(exchange, in, out, arrived + timeout.toNanos(), path,
				query).run(true).cast(CachedResponse.class);
		CacheLookup hit = this.cache.find(key, loader);
		if (hit != null) {
			return sendCached(in, out, method, hit);
		}
		return this.cache.load(key, loader).flatMap((lookup) -> sendCached(in, out, method, lookup));
	}

	/**
	 * Answers a request from a fresh entry of the route's cache with a whole response, for a server
	 * that answers hits before Reactor Netty sees them; the response is the one
	 * {@link #forward} would send (headers, {@code X-Cache: HIT}, {@code Age}, 304, HEAD, gzip), and
	 * the hit is counted. Requires a route no filter applies to, since the key is built from the
	 * client's own headers.
	 * @param method the request method
	 * @param path the normalised request path, before the route's rewrite
	 * @param uri the request target, for its query string
	 * @param requestHeaders the request headers
	 * @return the response, or {@code null} when the route does not cache the method or holds no
	 * fresh response for the request (a stale one is left to {@link #forward}, which revalidates it)
	 */
	public FullHttpResponse freshHit(String method, String path, String uri, HttpHeaders requestHeaders) {
		if (this.cache == null || !ResponseCache.isCacheable(method)) {
			return null;
		}
		CacheLookup hit = this.cache.find(this.cache.key(method, this.rewriter.rewrite(path), RequestTarget.query(uri),
				requestHeaders::get, null), null);
		if (hit == null) {
			return null;
		}
		HttpHeaders headers = new DefaultHttpHeaders(false);
		CachedResponse response = hit.response();
		return switch (shapeHit(requestHeaders, headers, method, hit)) {
			case NOT_MODIFIED -> wholeResponse(HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER, headers);
			case HEADERS_ONLY -> wholeResponse(response.httpStatus(), Unpooled.EMPTY_BUFFER, headers);
			case GZIPPED -> wholeResponse(response.httpStatus(), gzip(headers, response), headers);
			case BODY -> wholeResponse(response.httpStatus(), response.content(), headers);
		};
	}

	private static FullHttpResponse wholeResponse(HttpResponseStatus status, ByteBuf body, HttpHeaders headers) {
		return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, headers, EmptyHttpHeaders.INSTANCE);
	}

	/**
	 * Sends a response of the cache: the common case, a body sent as stored, stays in this method; the
	 * others have their own, which keeps this one small enough for the JIT to compile into its caller.
	 */
	private Mono<HttpResponseMessage> sendCached(HttpServerRequest in, HttpServerResponse out, String method,
			CacheLookup lookup) {
		CachedResponse response = lookup.response();
		HitShape shape = shapeHit(in.requestHeaders(), out.responseHeaders(), method, lookup);
		if (shape == HitShape.BODY) {
			out.status(response.httpStatus());
			return new ComposedResponse(out.sendObject(response.content()), sent(response.status()));
		}
		return sendShaped(out, shape, response);
	}

	private Mono<HttpResponseMessage> sendShaped(HttpServerResponse out, HitShape shape, CachedResponse response) {
		if (shape == HitShape.NOT_MODIFIED) {
			out.status(304);
			return new ComposedResponse(out.send(), sent(304));
		}
		out.status(response.httpStatus());
		if (shape == HitShape.HEADERS_ONLY) {
			return new ComposedResponse(out.send(), sent(response.status()));
		}
		ByteBuf body = gzip(out.responseHeaders(), response);
		return new ComposedResponse(out.sendObject(body), sent(response.status()));
	}

	/**
	 * Sets the headers of a response of the cache on an outgoing response, marked with
	 * {@code X-Cache}, and decides how it goes out: a 200 the client holds already (its
	 * {@code If-None-Match} or {@code If-Modified-Since}) as {@code 304 Not Modified} without a body,
	 * the headers alone for HEAD, gzipped when the route says so, else the body as stored.
	 */
	private HitShape shapeHit(HttpHeaders requestHeaders, HttpHeaders headers, String method, CacheLookup lookup) {
		CachedResponse response = lookup.response();
		int status = response.status();
		lookup.copyHeadersTo(headers);
		if (status == 200 && ConditionalRequests.isNotModified(requestHeaders, response)) {
			headers.remove(HttpHeaderNames.CONTENT_LENGTH).remove(HttpHeaderNames.CONTENT_TYPE);
			return HitShape.NOT_MODIFIED;
		}
		if ("HEAD".equals(method)) {
			return HitShape.HEADERS_ONLY;
		}
		if (this.options.compression() != null && compress(requestHeaders, headers, method, status)
				&& response.bodyLength() >= this.options.compression().minSize()) {
			return HitShape.GZIPPED;
		}
		return HitShape.BODY;
	}

	/** Gzips a stored body and marks the outgoing headers so. */
	private ByteBuf gzip(HttpHeaders headers, CachedResponse response) {
		ByteBuf body = new GzipEncoder(this.options.compression().level()).encodeAll(response.body());
		markGzipped(headers);
		headers.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
		return body;
	}

	/** How a response of the cache goes out. */
	private enum HitShape {

		BODY, HEADERS_ONLY, NOT_MODIFIED, GZIPPED

	}

	/**
	 * Marks the headers of a body the gateway gzips: the coding, {@code Vary: Accept-Encoding}, and a
	 * strong entity tag made weak, since it named the unencoded bytes (RFC 9110 §8.8.3).
	 */
	private static void markGzipped(HttpHeaders headers) {
		headers.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
		headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
		String tag = headers.get(HttpHeaderNames.ETAG);
		if (tag != null && !tag.startsWith("W/")) {
			headers.set(HttpHeaderNames.ETAG, "W/" + tag);
		}
	}

	private boolean compress(HttpHeaders request, HttpHeaders response, String method, int status) {
		CompressionOptions compression = this.options.compression();
		// a 206's Content-Range counts bytes of the representation as sent: a gzipped part breaks it
		if (compression == null || status < 200 || status == 204 || status == 206 || status == 304
				|| "HEAD".equals(method)
				|| response.contains(HttpHeaderNames.CONTENT_ENCODING)
				|| !AcceptEncoding.acceptsGzip(request.get(HttpHeaderNames.ACCEPT_ENCODING))) {
			return false;
		}
		long length = ContentLength.of(response);
		// RFC 9110 §7.7: a proxy must not transform the content of a no-transform response
		return (length < 0 || length >= compression.minSize())
				&& !response.containsValue(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_TRANSFORM, true);
	}

	/**
	 * Returns the route id.
	 * @return the id
	 */
	public String routeId() {
		return this.routeId;
	}

	/**
	 * Returns the options.
	 * @return the options
	 */
	public ProxyOptions options() {
		return this.options;
	}

	/**
	 * Returns the load balancer, for its upstreams and in-flight counts.
	 * @return the balancer
	 */
	public LoadBalancer loadBalancer() {
		return this.loadBalancer;
	}

	/**
	 * Returns the circuit breakers of the upstreams.
	 * @return the breakers, or {@code null} when the route has none
	 */
	public UpstreamCircuitBreakers circuitBreakers() {
		return this.breakers;
	}

	/**
	 * Returns the retry policy, for {@code fluxor.retry.attempts}.
	 * @return the policy, or {@code null} when the route does not retry
	 */
	public RetryPolicy retryPolicy() {
		return this.retryPolicy;
	}

	/**
	 * Returns the retry budget.
	 * @return the budget, or {@code null} when the route does not retry
	 */
	public RetryBudget retryBudget() {
		return this.retryBudget;
	}

	/**
	 * Returns the response cache.
	 * @return the cache, or {@code null} when the route does not cache
	 */
	public ResponseCache cache() {
		return this.cache;
	}

	/**
	 * Describes the route's live state for the actuator: strategy, timeouts, path rewriting, each
	 * upstream with its in-flight requests and breaker state, retry and cache statistics. Cheap and
	 * thread-safe.
	 * @return a JSON-serializable description, in display order
	 */
	public Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("type", "upstreams");
		description.put("loadBalancing", this.options.loadBalancing().value());
		description.put("connectTimeout", this.options.connectTimeout().toString());
		description.put("responseTimeout", this.options.responseTimeout().toString());
		if (this.options.stripPrefix() > 0) {
			description.put("stripPrefix", this.options.stripPrefix());
		}
		if (this.options.rewritePath() != null) {
			description.put("rewritePath", Map.of("regex", this.options.rewritePath().pattern(), "replacement",
					this.options.rewriteReplacement()));
		}
		List<Map<String, Object>> upstreams = new ArrayList<>();
		for (Upstream upstream : this.loadBalancer.upstreams()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("url", upstream.id());
			entry.put("weight", upstream.weight());
			entry.put("inFlight", this.loadBalancer.inFlight(upstream));
			if (this.breakers != null) {
				entry.put("circuitBreaker",
						this.breakers.breaker(upstream).getState().name().toLowerCase(java.util.Locale.ROOT));
			}
			upstreams.add(entry);
		}
		description.put("upstreams", upstreams);
		if (this.retryPolicy != null) {
			description.put("retry", Map.of("maxAttempts", this.maxAttempts, "retries", this.retryPolicy.retries(),
					"budgetDenied", this.retryBudget.denied()));
		}
		if (this.cache != null) {
			Map<String, Object> cache = new LinkedHashMap<>();
			cache.put("size", this.cache.size());
			cache.put("hits", this.cache.hits());
			cache.put("misses", this.cache.misses());
			cache.put("hitRatio", this.cache.hitRatio());
			description.put("cache", cache);
		}
		if (this.options.compression() != null) {
			description.put("compression", Map.of("level", this.options.compression().level(), "minSize",
					this.options.compression().minSize()));
		}
		return description;
	}

	@Override
	public String toString() {
		return "upstreams " + this.loadBalancer.upstreams() + " (" + this.options.loadBalancing().value() + ")";
	}

	/**
	 * Returns whether a retry could find an upstream: one whose breaker is not open. Without one,
	 * the answer in hand (the upstream's own) beats the 503 the retry would end in.
	 */
	private boolean hasAvailableUpstream() {
		if (this.breakers == null) {
			return true;
		}
		for (Upstream upstream : this.loadBalancer.upstreams()) {
			if (this.breakers.isAvailable(upstream)) {
				return true;
			}
		}
		return false;
	}

	private static HttpResponseMessage failure(int status) {
		return HttpResponseMessage.text(status, HttpResponseStatus.valueOf(status).reasonPhrase());
	}

	private static HttpResponseMessage sent(int status) {
		return (status >= 100 && status < SENT.length) ? SENT[status] : HttpResponseMessage.status(500);
	}

	private static boolean isTimeout(Throwable failure) {
		return failure instanceof java.util.concurrent.TimeoutException
				|| failure instanceof io.netty.handler.timeout.TimeoutException
				|| failure instanceof io.netty.channel.ConnectTimeoutException;
	}

	/**
	 * Returns whether a response declares a body of at most {@link #WHOLE_BODY_MAX_BYTES}, which the
	 * proxy collects before it sends the headers.
	 */
	private static boolean isSmall(HttpHeaders responseHeaders) {
		long length = ContentLength.of(responseHeaders);
		return length > 0 && length <= WHOLE_BODY_MAX_BYTES;
	}

	/**
	 * The body of a small response as one buffer (usually the one it came in), so that Reactor Netty
	 * writes it with the headers as one response: a streamed body goes out in writes of its own.
	 */
	private static Mono<ByteBuf> whole(ByteBufFlux content) {
		return content.retain()
			.collectList()
			.mapNotNull(UpstreamProxy::joined)
			.doOnDiscard(ByteBuf.class, ByteBuf::release);
	}

	private static ByteBuf joined(List<ByteBuf> parts) {
		return switch (parts.size()) {
			case 0 -> null;
			case 1 -> parts.get(0);
			default -> Unpooled.wrappedBuffer(parts.toArray(new ByteBuf[0]));
		};
	}

	/**
	 * One request on its way through the attempts.
	 */
	private final class Call {

		final HttpServerRequest in;

		final HttpServerResponse out;

		final String method;

		final HttpMethod nettyMethod;

		final String path;

		final String query;

		final GatewayExchange exchange;

		final long deadline;

		final boolean hasBody;

		/** The body has no declared length: it streams to the upstream chunked, as it came. */
		final boolean chunked;

		final boolean retryable;

		final boolean bufferBody;

		/** The loop of the connection the request came on, whose thread runs the timers started on it. */
		final EventLoop loop;

		ByteBuf replay;

		int attempts;

		boolean aggregate;

		Call(GatewayExchange exchange, HttpServerRequest in, HttpServerResponse out, long deadline, String path,
				String query) {
			HttpRequestMessage message = exchange.request();
			this.in = in;
			this.out = out;
			this.method = message.method();
			this.nettyMethod = in.method().name().equals(this.method) ? in.method() : HttpMethod.valueOf(this.method);
			this.path = path;
			this.query = query;
			this.exchange = exchange;
			this.deadline = deadline;
			HttpHeaders received = in.requestHeaders();
			long length = ContentLength.of(received);
			this.chunked = length < 0
					&& received.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
			this.hasBody = length > 0 || this.chunked;
			boolean replayable = !this.hasBody || (length > 0 && length <= UpstreamProxy.this.options.maxReplayBodySize());
			this.retryable = UpstreamProxy.this.retryPolicy != null && replayable
					&& UpstreamProxy.this.retryPolicy.isRetryable(this.method);
			this.bufferBody = this.retryable && this.hasBody;
			this.loop = (in instanceof Connection connection) ? connection.channel().eventLoop() : null;
		}

		/**
		 * Writes the headers of an attempt into its upstream request; built per attempt, straight
		 * into the request, and never for a cache hit. A load for the cache asks for the whole,
		 * unencoded representation, which suits every client whose request shares its key: no
		 * range (a ranged request gets the whole body, as RFC 9110 §14.2 allows), no precondition
		 * (the cache evaluates those) and {@code Accept-Encoding: identity} (the route's compression
		 * encodes per client).
		 */
		void writeHeaders(HttpHeaders target) {
			String host = target.get(HttpHeaderNames.HOST);
			if (this.exchange.isRequestReplaced()) {
				ProxyHeaders.forUpstream(this.exchange.request().headers(), this.in, target);
			}
			else {
				ProxyHeaders.forUpstream(this.in.requestHeaders(), this.in, target);
			}
			if (this.aggregate) {
				for (AsciiString name : CLIENT_SPECIFIC) {
					target.remove(name);
				}
				target.set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.IDENTITY);
			}
			if (host != null) {
				target.set(HttpHeaderNames.HOST, host);
			}
			if (this.chunked) {
				target.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
			}
		}

		Mono<Object> run(boolean aggregate) {
			this.aggregate = aggregate;
			RetryBudget budget = UpstreamProxy.this.retryBudget;
			if (budget != null) {
				budget.requestStarted();
			}
			Mono<Object> attempts = Mono.defer(() -> attempt(null));
			if (this.bufferBody) {
				attempts = this.in.receive().aggregate().retain().doOnNext((body) -> this.replay = body).then(attempts);
			}
			return attempts.doFinally((signal) -> {
				if (this.replay != null) {
					this.replay.release();
					this.replay = null;
				}
				if (budget != null) {
					budget.requestFinished();
				}
			});
		}

		Mono<Object> attempt(Upstream excluding) {
			this.attempts++;
			Upstream upstream = choose(excluding);
			if (upstream == null) {
				UpstreamProxy.this.metrics.attemptEnded(UpstreamProxy.this.routeId, UpstreamMetrics.NO_UPSTREAM,
						UpstreamOutcome.REJECTED, -1);
				return Mono.just(result(NO_UPSTREAM));
			}
			Attempt attempt = new Attempt(this, upstream);
			long remaining = this.deadline - System.nanoTime();
			if (remaining <= 0) {
				attempt.accept(SignalType.CANCEL);
				return Mono.just(result(GATEWAY_TIMEOUT));
			}
			if (this.attempts > 1) {
				UpstreamProxy.this.retryPolicy.retrySent();
			}
			UpstreamEndpoint endpoint = UpstreamProxy.this.endpoints.get(upstream);
			return endpoint.client(this.loop)
				.request(this.nettyMethod)
				.uri(endpoint.uri(this.path, this.query))
				.send((request, outbound) -> {
					writeHeaders(request.requestHeaders());
					attempt.start = System.nanoTime();
					return body(outbound);
				})
				.response(attempt)
				.timeout(Mono.delay(Duration.ofNanos(remaining), LoopTimer.of(this.loop)), (first) -> Mono.never(),
						DEADLINE_PASSED)
				.last()
				.doFinally(attempt)
				.onErrorResume(attempt::failed);
		}

		Mono<Object> retry(long waitNanos, Upstream failed) {
			return Mono.delay(Duration.ofNanos(waitNanos), LoopTimer.of(this.loop))
				.then(Mono.defer(() -> attempt(failed)))
				.doFinally((signal) -> UpstreamProxy.this.retryBudget.releaseRetry());
		}

		/**
		 * Returns the wait before a retry, or {@link RetryPolicy#STOP}; a granted retry holds a
		 * budget slot until it ends.
		 */
		long grantRetry() {
			if (!this.retryable || this.attempts >= UpstreamProxy.this.maxAttempts
					|| !UpstreamProxy.this.hasAvailableUpstream()) {
				return RetryPolicy.STOP;
			}
			RetryBudget budget = UpstreamProxy.this.retryBudget;
			if (!budget.tryAcquireRetry()) {
				return RetryPolicy.STOP;
			}
			long wait = UpstreamProxy.this.retryPolicy.nextBackoff(this.attempts, this.deadline - System.nanoTime());
			if (wait == RetryPolicy.STOP) {
				budget.releaseRetry();
			}
			return wait;
		}

		private Upstream choose(Upstream excluding) {
			Upstream upstream = UpstreamProxy.this.loadBalancer.choose(excluding);
			if (upstream == null || UpstreamProxy.this.breakers == null
					|| UpstreamProxy.this.breakers.tryAcquire(upstream)) {
				return upstream;
			}
			return chooseAfterRefusal(excluding, upstream);
		}

		/**
		 * Chooses among the upstreams that have not refused this request (half-open, their trial
		 * calls taken), still avoiding the one a retry failed on. Each refusal rules one more
		 * upstream out, so the loop ends.
		 */
		private Upstream chooseAfterRefusal(Upstream excluding, Upstream first) {
			LoadBalancer balancer = UpstreamProxy.this.loadBalancer;
			List<Upstream> refused = new ArrayList<>(2);
			Upstream upstream = first;
			do {
				balancer.release(upstream);
				refused.add(upstream);
				upstream = balancer.choose(excluding, refused::contains);
			}
			while (upstream != null && !UpstreamProxy.this.breakers.tryAcquire(upstream));
			return upstream;
		}

		private Publisher<Void> body(NettyOutbound outbound) {
			if (this.replay != null) {
				return outbound.send(Mono.just(this.replay.retainedDuplicate()));
			}
			if (this.hasBody) {
				return outbound.send(this.in.receive().retain());
			}
			return outbound;
		}

		/**
		 * Sends the upstream's response: headers at once, the body as it arrives.
		 */
		Publisher<Object> stream(HttpClientResponse response, ByteBufFlux content) {
			int status = response.status().code();
			this.out.status(response.status());
			HttpHeaders headers = this.out.responseHeaders();
			ProxyHeaders.copyResponse(response.responseHeaders(), headers);
			Publisher<ByteBuf> body;
			if (compress(this.in.requestHeaders(), response.responseHeaders(), this.method, status)) {
				headers.remove(HttpHeaderNames.CONTENT_LENGTH);
				markGzipped(headers);
				GzipEncoder encoder = new GzipEncoder(UpstreamProxy.this.options.compression().level());
				body = content.map(encoder::encode)
					.concatWith(Mono.fromSupplier(encoder::finish))
					.doFinally((signal) -> encoder.end());
			}
			else if (isSmall(response.responseHeaders())) {
				body = whole(content);
			}
			else {
				body = content.retain();
			}
			return Flux.concat(Mono.just(sent(status)), this.out.send(body).then().cast(Object.class));
		}

		/**
		 * Reads the upstream's whole response for the cache.
		 */
		Publisher<Object> aggregate(HttpClientResponse response, ByteBufFlux content) {
			int status = response.status().code();
			Map<String, List<String>> headers = ProxyHeaders.toMap(response.responseHeaders());
			return content.aggregate()
				.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> CachedResponse.of(status, headers, bytes));
		}

		/**
		 * A failure the proxy answers itself: a message for the server, or a response for the
		 * cache's waiters.
		 */
		Object result(HttpResponseMessage failure) {
			if (!this.aggregate) {
				return failure;
			}
			return CachedResponse.of(failure.status(), Map.of("content-type", List.of(HttpResponseMessage.TEXT_PLAIN)),
					failure.body());
		}


	}

	/**
	 * One attempt on one upstream: records its outcome exactly once (breaker, metrics) and releases
	 * the balancer's choice when it ends.
	 */
	private final class Attempt
			implements BiFunction<HttpClientResponse, ByteBufFlux, Publisher<Object>>, Consumer<SignalType> {

		final Call call;

		final Upstream upstream;

		long start = System.nanoTime();

		long retryWait;

		/** A retry was granted and holds a budget slot that no retry has taken over yet. */
		boolean retryPending;

		boolean recorded;

		boolean committed;

		Attempt(Call call, Upstream upstream) {
			this.call = call;
			this.upstream = upstream;
		}

		@Override
		public Publisher<Object> apply(HttpClientResponse response, ByteBufFlux content) {
			int status = response.status().code();
			long duration = System.nanoTime() - this.start;
			this.recorded = true;
			if (UpstreamProxy.this.breakers != null) {
				UpstreamProxy.this.breakers.onResponse(this.upstream, duration, status);
			}
			UpstreamProxy.this.metrics.attemptEnded(UpstreamProxy.this.routeId, this.upstream.id(),
					UpstreamOutcome.of(status), duration);
			if (RetryPolicy.isRetryableStatus(status)) {
				long wait = this.call.grantRetry();
				if (wait != RetryPolicy.STOP) {
					this.retryWait = wait;
					this.retryPending = true;
					// drain the error body so the connection goes back to the pool
					return content.then(Mono.error(RETRY));
				}
			}
			this.committed = true;
			return this.call.aggregate ? this.call.aggregate(response, content) : this.call.stream(response, content);
		}

		Mono<Object> failed(Throwable failure) {
			if (failure == RETRY) {
				this.retryPending = false;
				return this.call.retry(this.retryWait, this.upstream);
			}
			boolean timeout = isTimeout(failure);
			boolean io = !timeout && hasIoCause(failure);
			if (this.committed) {
				// a small body is read whole before the headers go out: its failure can still be answered
				return (this.call.out.hasSentHeaders() || !(timeout || io)) ? Mono.error(failure)
						: Mono.just(this.call.result(timeout ? GATEWAY_TIMEOUT : BAD_GATEWAY));
			}
			if (!this.recorded) {
				this.recorded = true;
				long duration = System.nanoTime() - this.start;
				if (UpstreamProxy.this.breakers != null) {
					UpstreamProxy.this.breakers.onFailure(this.upstream, duration, failure);
				}
				if (timeout || io) {
					UpstreamProxy.this.metrics.attemptEnded(UpstreamProxy.this.routeId, this.upstream.id(),
							timeout ? UpstreamOutcome.TIMEOUT : UpstreamOutcome.CONNECT_FAILURE, duration);
				}
			}
			// the route's deadline ends every attempt; a read timeout or a broken connection may be retried
			if (!(failure instanceof java.util.concurrent.TimeoutException) && RetryPolicy.isRetryableFailure(failure)) {
				long wait = this.call.grantRetry();
				if (wait != RetryPolicy.STOP) {
					return this.call.retry(wait, this.upstream);
				}
			}
			if (timeout) {
				return Mono.just(this.call.result(GATEWAY_TIMEOUT));
			}
			if (io) {
				return Mono.just(this.call.result(BAD_GATEWAY));
			}
			return Mono.error(failure);
		}

		void cancelled() {
			if (!this.recorded) {
				this.recorded = true;
				if (UpstreamProxy.this.breakers != null) {
					UpstreamProxy.this.breakers.onCancel(this.upstream);
				}
			}
		}

		@Override
		public void accept(SignalType signal) {
			if (signal == SignalType.CANCEL) {
				cancelled();
			}
			if (this.retryPending) {
				// the drain before the retry failed or was cancelled: no retry runs to give the slot back
				this.retryPending = false;
				UpstreamProxy.this.retryBudget.releaseRetry();
			}
			UpstreamProxy.this.loadBalancer.release(this.upstream);
		}

		private boolean hasIoCause(Throwable failure) {
			for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
				if (t instanceof IOException) {
					return true;
				}
			}
			return false;
		}

	}

	/**
	 * Ends an attempt whose response asks for a retry: an error signal, so that the retry is
	 * handled where failures are and no extra operator sees every success. Stackless and shared.
	 */
	private static final class RetryRequested extends RuntimeException {

		RetryRequested() {
			super("retry requested", null, false, false);
		}

	}

	/**
	 * Builds an {@link UpstreamProxy}.
	 */
	public static final class Builder {

		private final String routeId;

		private final ProxyOptions options;

		private UpstreamClient client;

		private CircuitBreakerRegistry circuitBreakerRegistry;

		private UpstreamMetrics metrics = UpstreamMetrics.noop();

		private Builder(String routeId, ProxyOptions options) {
			this.routeId = Objects.requireNonNull(routeId, "routeId");
			this.options = Objects.requireNonNull(options, "options");
		}

		/**
		 * Sets the shared client.
		 * @param client the client
		 * @return this builder
		 */
		public Builder client(UpstreamClient client) {
			this.client = Objects.requireNonNull(client, "client");
			return this;
		}

		/**
		 * Sets the registry the upstreams' breakers live in, required when the options ask for
		 * breakers.
		 * @param registry the registry shared by all routes
		 * @return this builder
		 */
		public Builder circuitBreakerRegistry(CircuitBreakerRegistry registry) {
			this.circuitBreakerRegistry = registry;
			return this;
		}

		/**
		 * Sets the metrics.
		 * @param metrics the metrics
		 * @return this builder
		 */
		public Builder metrics(UpstreamMetrics metrics) {
			this.metrics = Objects.requireNonNull(metrics, "metrics");
			return this;
		}

		/**
		 * Builds the proxy.
		 * @return the proxy
		 */
		public UpstreamProxy build() {
			Objects.requireNonNull(this.client, "client");
			return new UpstreamProxy(this);
		}

	}

}
