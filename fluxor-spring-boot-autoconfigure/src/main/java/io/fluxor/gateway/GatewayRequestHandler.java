package io.fluxor.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.eventbus.DeliveryException;
import io.fluxor.eventbus.DeliveryOptions;
import io.fluxor.eventbus.EventBus;
import io.fluxor.eventbus.Message;
import io.fluxor.gateway.backpressure.ConcurrencyLimiter;
import io.fluxor.gateway.backpressure.Permit;
import io.fluxor.gateway.backpressure.RejectedRequestException;
import io.fluxor.gateway.backpressure.RejectionReason;
import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.filter.GatewayFilterChain;
import io.fluxor.gateway.proxy.UpstreamProxy;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RequestPath;
import io.fluxor.gateway.route.RouteMatch;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The per-request pipeline of a {@link GatewayServer}: route, check the declared body size, acquire
 * a permit, read the body, run the filter chain and the target, map failures to statuses, write the
 * response, record metrics, release the permit.
 *
 * <p>Everything per route (filter chain links, delivery options, timeouts) is built once per
 * {@link Router} snapshot, so a request allocates only its own message, exchange and Reactor
 * operators. The common case takes no operator of its own: a free permit is taken without a
 * {@link Mono} ({@link ConcurrencyLimiter#tryAcquire()}), a request that can neither run nor wait
 * is refused without one ({@link ConcurrencyLimiter#tryReject()}), and a target that answers at once (a
 * {@code Mono.just}) is written directly; only waiting for a permit, reading a body or waiting for
 * an answer subscribes operators. Each request matches against the snapshot current when it
 * arrives and keeps its {@link Route} to the end, so a route swapped out meanwhile still completes
 * on its old target.
 */
final class GatewayRequestHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

	private static final Logger logger = LoggerFactory.getLogger(GatewayRequestHandler.class);

	private static final byte[] EMPTY = new byte[0];

	private static final String RETRY_AFTER_SECONDS = "1";

	/** The status a request is counted under when its client went away before the response, as nginx does. */
	private static final int CLIENT_CLOSED_REQUEST = 499;

	private static final Mono<HttpResponseMessage> NO_CONTENT = Mono.just(HttpResponseMessage.status(204));

	private static final Mono<HttpResponseMessage> MALFORMED_QUERY = Mono.just(Responses.MALFORMED_QUERY);

	private final GatewayOptions options;

	private final RouteRegistry routes;

	private final EventBus eventBus;

	private final ConcurrencyLimiter limiter;

	private final GatewayMetrics metrics;

	private final ObjectMapper objectMapper;

	private final List<GatewayFilter> filters;

	private final ChannelLoopSchedulers channelLoops = new ChannelLoopSchedulers();

	private volatile CompiledRoutes compiled;

	GatewayRequestHandler(GatewayOptions options, RouteRegistry routes, List<GatewayFilter> filters,
			EventBus eventBus, ConcurrencyLimiter limiter, GatewayMetrics metrics, ObjectMapper objectMapper) {
		this.options = options;
		this.routes = routes;
		this.eventBus = eventBus;
		this.limiter = limiter;
		this.metrics = metrics;
		this.objectMapper = objectMapper;
		this.filters = List.copyOf(filters);
		this.compiled = compile(routes.router());
	}

	private CompiledRoutes compile(Router router) {
		Map<Route, CompiledRoute> routes = new IdentityHashMap<>();
		boolean hitsInPlace = false;
		for (Route route : router.routes()) {
			CompiledRoute compiled = compile(route);
			routes.put(route, compiled);
			hitsInPlace |= compiled.cache() != null;
		}
		return new CompiledRoutes(router, routes, hitsInPlace);
	}

	/** Links the filters that apply to the route in front of its target. */
	private CompiledRoute compile(Route route) {
		Function<GatewayExchange, Mono<HttpResponseMessage>> target = compileTarget(route);
		GatewayFilterChain chain = target::apply;
		boolean filtered = false;
		for (int i = this.filters.size() - 1; i >= 0; i--) {
			GatewayFilter filter = this.filters.get(i);
			if (filter.appliesTo(route)) {
				GatewayFilterChain next = chain;
				chain = (exchange) -> filter.filter(exchange, next);
				filtered = true;
			}
		}
		// a hit is answered before the request reaches Reactor Netty only where no filter must see it first
		UpstreamProxy cache = (!filtered && route.target() instanceof RouteTarget.Upstreams upstreams
				&& upstreams.proxy().cache() != null) ? upstreams.proxy() : null;
		return new CompiledRoute(chain, filtered, cache, new RouteRecorder(this.metrics, route.path().template()));
	}

	/**
	 * Returns the compiled current snapshot, compiling it on the first request after a swap; racing
	 * requests may both compile it, which is harmless.
	 */
	private CompiledRoutes current() {
		Router router = this.routes.router();
		CompiledRoutes compiled = this.compiled;
		if (compiled.router != router) {
			compiled = compile(router);
			this.compiled = compiled;
		}
		return compiled;
	}

	private Function<GatewayExchange, Mono<HttpResponseMessage>> compileTarget(Route route) {
		Duration timeout = (route.timeout() != null) ? route.timeout() : this.options.requestTimeout();
		if (route.target() instanceof RouteTarget.Address address) {
			DeliveryOptions delivery = DeliveryOptions.DEFAULT.withTimeout(timeout);
			String name = address.address();
			return (exchange) -> this.eventBus.<Object>requestMono(name, exchange.request(), delivery)
				.map(this::toResponse);
		}
		if (route.target() instanceof RouteTarget.Upstreams upstreams) {
			UpstreamProxy proxy = upstreams.proxy();
			return (exchange) -> proxy.forward(exchange, timeout);
		}
		GatewayHandler handler = ((RouteTarget.Handler) route.target()).handler();
		return (exchange) -> {
			Mono<HttpResponseMessage> response = handler.handle(exchange.request());
			// an answer that is already there needs no timer
			return (response instanceof Fuseable.ScalarCallable) ? response : response.timeout(timeout);
		};
	}

	@Override
	public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		long start = System.nanoTime();
		String method = request.method().name();
		String uri = request.uri();
		HttpResponseMessage malformed = RequestSyntax.refusal(request.version(), uri, request.requestHeaders());
		if (malformed != null) {
			return write(response, method, GatewayMetrics.UNMATCHED, start, malformed);
		}
		int query = uri.indexOf('?');
		String path = RequestPath.normalize(RequestTarget.path(uri, query));
		if (path == null) {
			return write(response, method, GatewayMetrics.UNMATCHED, start, Responses.AMBIGUOUS_PATH);
		}
		CompiledRoutes snapshot = current();
		RouteMatch match = match(snapshot.router, method, path, request.requestHeaders());
		if (!match.isFound()) {
			if (match.isMethodNotAllowed()) {
				return write(response, method, GatewayMetrics.UNMATCHED, start,
						Responses.METHOD_NOT_ALLOWED.withHeader("allow", match.allow()));
			}
			return write(response, method, GatewayMetrics.UNMATCHED, start, Responses.NOT_FOUND);
		}
		Route route = match.route();
		// bodies of upstream routes stream to the upstream: max-body-size bounds what the gateway buffers
		boolean streamed = route.target() instanceof RouteTarget.Upstreams;
		long contentLength = streamed ? -1 : ContentLength.of(request.requestHeaders());
		if (contentLength > this.options.maxBodySize()) {
			return write(response, method, route.path().template(), start, Responses.PAYLOAD_TOO_LARGE);
		}
		InFlightRequest call = new InFlightRequest(request, response, method, path, uri, query, match,
				snapshot.routes.get(route), contentLength, start);
		Permit permit = this.limiter.tryAcquire();
		if (permit != null) {
			return streamed ? proxy(call, permit) : serve(call, permit);
		}
		RejectionReason refused = this.limiter.tryReject();
		if (refused != null) {
			return shed(call, refused);
		}
		return this.limiter.acquire()
			.flatMap((queued) -> streamed ? Mono.fromDirect(proxy(call, queued)) : serve(call, queued))
			.onErrorResume(RejectedRequestException.class, (ex) -> shed(call, ex.reason()));
	}

	private static RouteMatch match(Router router, String method, String path, HttpHeaders headers) {
		return router.hasHeaderPredicates() ? router.match(method, path, headers::get) : router.match(method, path);
	}

	/**
	 * Answers a request from the cache before Reactor Netty sees it, when the request would get the
	 * same answer from {@link #apply}: it keeps the request rules, matches a cached route to upstreams
	 * that no filter applies to, gets a permit at once and finds a fresh response. The request is
	 * recorded in the route's metrics as {@link #apply} records it.
	 * @param request a request without a body
	 * @return the whole response, or {@code null} to hand the request to {@link #apply}
	 */
	FullHttpResponse answerFromCache(HttpRequest request) {
		CompiledRoutes snapshot = current();
		if (!snapshot.hitsInPlace) {
			return null;
		}
		long start = System.nanoTime();
		String uri = request.uri();
		String method = request.method().name();
		String path = RequestPath.normalize(RequestTarget.path(uri, uri.indexOf('?')));
		RouteMatch match = (path != null) ? match(snapshot.router, method, path, request.headers()) : null;
		CompiledRoute compiled = (match != null && match.isFound()) ? snapshot.routes.get(match.route()) : null;
		// the request rules last: a request of another route pays only for its match here
		if (compiled == null || compiled.cache() == null
				|| RequestSyntax.refusal(request.protocolVersion(), uri, request.headers()) != null) {
			return null;
		}
		Permit permit = this.limiter.tryAcquire();
		if (permit == null) {
			return null;
		}
		FullHttpResponse hit = compiled.cache().freshHit(method, path, uri, request.headers());
		permit.release((hit != null) ? Permit.Outcome.SUCCESS : Permit.Outcome.IGNORED);
		if (hit != null) {
			compiled.recorder().record(method, hit.status().code(), System.nanoTime() - start);
		}
		return hit;
	}

	/** Answers a request the limiter refused: 503 with Retry-After, counted by reason. */
	private Mono<Void> shed(InFlightRequest call, RejectionReason reason) {
		this.metrics.requestRejected(reason);
		return write(call, Responses.SHED);
	}

	private Mono<Void> serve(InFlightRequest call, Permit permit) {
		call.permit = permit;
		HttpServerRequest request = call.request;
		if (!hasBody(request, call.contentLength)) {
			return respond(call, next(call, EMPTY, request.remoteAddress()));
		}
		return respond(call,
				readBody(request, call.contentLength).flatMap((body) -> next(call, body, request.remoteAddress())));
	}

	private Mono<HttpResponseMessage> next(InFlightRequest call, byte[] body, InetSocketAddress remoteAddress) {
		Map<String, List<String>> query = queryParameters(call.uri, call.query);
		if (query == null) {
			return MALFORMED_QUERY;
		}
		HttpRequestMessage message = new HttpRequestMessage(call.method, call.path, call.template(),
				call.match.pathParameters(), query, new RequestHeaderMap(call.request.requestHeaders()), body);
		return next(call, new GatewayExchange(message, call.route(), remoteAddress));
	}

	/** Runs the filter chain and the target; what they throw becomes an error signal. */
	private static Mono<HttpResponseMessage> next(InFlightRequest call, GatewayExchange exchange) {
		try {
			return Objects.requireNonNull(call.compiled.chain().next(exchange), "The route's target returned null");
		}
		catch (Throwable ex) {
			Exceptions.throwIfJvmFatal(ex);
			return Mono.error(ex);
		}
	}

	/**
	 * Writes the target's response. One that is there already (a {@code Mono.just}, as most handlers
	 * and cache hits give) is written without any operator and frees the permit before the write,
	 * since the request has done its work; any other frees it once the write ends.
	 */
	private Mono<Void> respond(InFlightRequest call, Mono<HttpResponseMessage> result) {
		if (result instanceof Fuseable.ScalarCallable<?> scalar) {
			HttpResponseMessage message;
			try {
				Object value = scalar.call();
				message = (value != null) ? (HttpResponseMessage) value : Responses.NO_CONTENT;
			}
			catch (Throwable ex) {
				Exceptions.throwIfJvmFatal(ex);
				message = failure(ex, call.route());
			}
			call.finish(message.status());
			return write(call, message);
		}
		Scheduler loop = this.channelLoops.of(call.request);
		if (loop != null) {
			result = result.publishOn(loop);
		}
		return result.switchIfEmpty(NO_CONTENT)
			.onErrorResume((ex) -> Mono.just(failure(ex, call.route())))
			.flatMap((message) -> write(call, message))
			.doFinally(call);
	}

	private Publisher<Void> proxy(InFlightRequest call, Permit permit) {
		call.permit = permit;
		HttpServerRequest request = call.request;
		HttpServerResponse response = call.response;
		Route route = call.route();
		// filters see the headers; the body stays unread for the proxy to stream
		boolean filtered = call.compiled.filtered();
		Map<String, List<String>> query = filtered ? queryParameters(call.uri, call.query) : Map.of();
		if (query == null) {
			call.finish(Responses.MALFORMED_QUERY.status());
			return write(call, Responses.MALFORMED_QUERY);
		}
		HttpRequestMessage message = new HttpRequestMessage(call.method, call.path, call.template(),
				call.match.pathParameters(), query, filtered ? new RequestHeaderMap(request.requestHeaders()) : Map.of(),
				EMPTY);
		Mono<HttpResponseMessage> result = next(call, new GatewayExchange(message, route, request, response));
		if (result instanceof ComposedResponse composed) {
			// answered in place (a cache hit): done, as a response that is there already
			call.finish(composed.status());
			call.served(composed.status());
			return composed.write();
		}
		return result.switchIfEmpty(NO_CONTENT)
			.onErrorResume((ex) -> response.hasSentHeaders() ? Mono.error(ex) : Mono.just(failure(ex, route)))
			.flatMap((sent) -> {
				if (response.hasSentHeaders()) {
					call.served(sent.status());
					return Mono.<Void>empty();
				}
				return write(call, sent);
			})
			.doFinally(call);
	}

	private Mono<Void> write(InFlightRequest call, HttpResponseMessage message) {
		call.served(message.status());
		return send(call.response, message);
	}

	/** Writes a response given before the request got its route's recorder: no route, or a body too large. */
	private Mono<Void> write(HttpServerResponse response, String method, String template, long start,
			HttpResponseMessage message) {
		this.metrics.requestServed(method, template, message.status(), System.nanoTime() - start);
		return send(response, message);
	}

	private static Mono<Void> send(HttpServerResponse response, HttpResponseMessage message) {
		response.status(message.status());
		for (Map.Entry<String, String> header : message.headers().entrySet()) {
			response.header(header.getKey(), header.getValue());
		}
		byte[] body = message.body();
		response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
		if (body.length == 0) {
			return response.send().then();
		}
		// one buffer: sendObject writes headers and body as one full response, without a send operator
		return response.sendObject(Unpooled.wrappedBuffer(body)).then();
	}

	private HttpResponseMessage toResponse(Message<Object> reply) {
		Object body = reply.body();
		if (body instanceof HttpResponseMessage message) {
			return message;
		}
		if (body == null) {
			return Responses.NO_CONTENT;
		}
		if (body instanceof byte[] bytes) {
			return HttpResponseMessage.ok(bytes);
		}
		if (body instanceof CharSequence text) {
			return HttpResponseMessage.ok(text.toString());
		}
		try {
			return new HttpResponseMessage(200, Map.of("content-type", HttpResponseMessage.APPLICATION_JSON),
					this.objectMapper.writeValueAsBytes(body));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write reply of type " + body.getClass().getName() + " as JSON",
					ex);
		}
	}

	private HttpResponseMessage failure(Throwable failure, Route route) {
		Throwable ex = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (ex instanceof BodyTooLargeException) {
			return Responses.PAYLOAD_TOO_LARGE;
		}
		if (ex instanceof DeliveryException delivery) {
			return switch (delivery.failure()) {
				case TIMEOUT -> Responses.GATEWAY_TIMEOUT;
				case NO_HANDLERS -> Responses.NO_HANDLERS;
				case REJECTED -> Responses.SHED;
				case RECIPIENT_FAILURE -> recipientFailure(delivery);
			};
		}
		if (ex instanceof TimeoutException) {
			return Responses.GATEWAY_TIMEOUT;
		}
		if (ex instanceof GatewayException gateway) {
			return HttpResponseMessage.text(gateway.status(), String.valueOf(gateway.getMessage()));
		}
		logger.warn("Route '{}' failed", route.id(), ex);
		return Responses.INTERNAL_SERVER_ERROR;
	}

	/**
	 * A recipient's client error (4xx) carries its message to the client, which is what it is for; a
	 * server error keeps the recipient's words in the server.
	 */
	private static HttpResponseMessage recipientFailure(DeliveryException delivery) {
		int code = delivery.failureCode();
		if (code >= 400 && code <= 499 && delivery.recipientMessage() != null) {
			return HttpResponseMessage.text(code, delivery.recipientMessage());
		}
		return Responses.of((code >= 500 && code <= 599) ? code : 500);
	}

	private static boolean hasBody(HttpServerRequest request, long contentLength) {
		return contentLength > 0 || (contentLength < 0 && request.requestHeaders()
			.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true));
	}

	private Mono<byte[]> readBody(HttpServerRequest request, long contentLength) {
		long max = this.options.maxBodySize();
		return request.receive()
			.collect(() -> new BodyBuffer(max, contentLength), BodyBuffer::append)
			.map(BodyBuffer::toByteArray);
	}

	/**
	 * Decodes the query string.
	 * @return the parameters, or {@code null} when the query string is malformed (a bad percent
	 * escape), which the client is answered with a 400
	 */
	private static Map<String, List<String>> queryParameters(String uri, int query) {
		if (query < 0 || query == uri.length() - 1) {
			return Map.of();
		}
		try {
			return new QueryStringDecoder(uri).parameters();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A router snapshot with the filter chain and target of each of its routes built once.
	 * @param hitsInPlace whether some route's cache hits are answered in place
	 */
	private record CompiledRoutes(Router router, Map<Route, CompiledRoute> routes, boolean hitsInPlace) {

	}

	/**
	 * What a route runs: the filters that apply to it in front of its target.
	 * @param chain the first link
	 * @param filtered whether a filter applies, which then sees the headers of proxied requests
	 * @param cache the route's proxy when it caches and no filter applies, so that a hit may be
	 * answered before the request reaches Reactor Netty; else {@code null}
	 * @param recorder the route's metrics
	 */
	private record CompiledRoute(GatewayFilterChain chain, boolean filtered, UpstreamProxy cache,
			RouteRecorder recorder) {

	}

	/**
	 * The metrics recorder of a route, kept for the method it saw last: a route usually serves one
	 * method, and one entry bounds what a client sending odd methods can make it hold.
	 */
	private static final class RouteRecorder {

		private final GatewayMetrics metrics;

		private final String template;

		private volatile MethodRecorder last;

		RouteRecorder(GatewayMetrics metrics, String template) {
			this.metrics = metrics;
			this.template = template;
		}

		void record(String method, int status, long durationNanos) {
			MethodRecorder last = this.last;
			if (last == null || !last.method.equals(method)) {
				last = new MethodRecorder(method, this.metrics.recorder(method, this.template));
				this.last = last;
			}
			last.recorder.record(status, durationNanos);
		}

		private record MethodRecorder(String method, GatewayMetrics.RequestRecorder recorder) {

		}

	}

	/**
	 * What a request carries from its match to its response: the parts of the request the target
	 * needs, and the permit, released exactly once when the response is written, failed or cancelled.
	 * A request cancelled before its response started, because its client went away, is counted
	 * with status 499.
	 */
	private static final class InFlightRequest implements Consumer<SignalType> {

		final HttpServerRequest request;

		final HttpServerResponse response;

		final String method;

		final String path;

		final String uri;

		final int query;

		final RouteMatch match;

		final CompiledRoute compiled;

		final long contentLength;

		final long start;

		Permit permit;

		int status;

		InFlightRequest(HttpServerRequest request, HttpServerResponse response, String method, String path,
				String uri, int query, RouteMatch match, CompiledRoute compiled, long contentLength, long start) {
			this.request = request;
			this.response = response;
			this.method = method;
			this.path = path;
			this.uri = uri;
			this.query = query;
			this.match = match;
			this.compiled = compiled;
			this.contentLength = contentLength;
			this.start = start;
		}

		Route route() {
			return this.match.route();
		}

		String template() {
			return this.match.route().path().template();
		}

		/** Notes the status the client gets and records the request in the route's metrics. */
		void served(int status) {
			this.status = status;
			this.compiled.recorder().record(this.method, status, System.nanoTime() - this.start);
		}

		/** Notes the status and releases the permit, for a response that is ready before its write. */
		void finish(int status) {
			this.status = status;
			accept(SignalType.ON_COMPLETE);
		}

		@Override
		public void accept(SignalType signal) {
			Permit.Outcome outcome;
			if (signal == SignalType.CANCEL) {
				if (this.status == 0) {
					served(CLIENT_CLOSED_REQUEST);
				}
				outcome = Permit.Outcome.IGNORED;
			}
			else if (this.status == 503 || this.status == 504) {
				outcome = Permit.Outcome.DROPPED;
			}
			else {
				outcome = Permit.Outcome.SUCCESS;
			}
			this.permit.release(outcome);
		}

	}

	/**
	 * Collects a body up to the limit. Past the limit it keeps reading and discarding, so that the
	 * client, still sending, gets the 413 instead of a reset connection (Reactor Netty closes the
	 * connection when a handler cancels an unfinished body); past twice the limit plus
	 * {@link #DISCARD_ALLOWANCE} it gives up and the connection is closed.
	 */
	private static final class BodyBuffer {

		private static final long DISCARD_ALLOWANCE = 64 * 1024;

		private final long max;

		private byte[] bytes;

		private int size;

		private long discarded;

		BodyBuffer(long max, long contentLength) {
			this.max = max;
			this.bytes = new byte[(int) Math.min(Math.max(contentLength, 256), Math.min(max, Integer.MAX_VALUE - 8))];
		}

		void append(ByteBuf chunk) {
			int readable = chunk.readableBytes();
			if (this.discarded > 0 || (long) this.size + readable > this.max) {
				this.discarded += readable;
				if (this.discarded > this.max + DISCARD_ALLOWANCE) {
					throw BodyTooLargeException.INSTANCE;
				}
				return;
			}
			if (this.size + readable > this.bytes.length) {
				int capacity = (int) Math.min(Math.max((long) this.bytes.length * 2, (long) this.size + readable),
						Math.min(this.max, Integer.MAX_VALUE - 8));
				byte[] grown = new byte[capacity];
				System.arraycopy(this.bytes, 0, grown, 0, this.size);
				this.bytes = grown;
			}
			chunk.getBytes(chunk.readerIndex(), this.bytes, this.size, readable);
			this.size += readable;
		}

		byte[] toByteArray() {
			if (this.discarded > 0) {
				throw BodyTooLargeException.INSTANCE;
			}
			if (this.size == this.bytes.length) {
				return this.bytes;
			}
			byte[] exact = new byte[this.size];
			System.arraycopy(this.bytes, 0, exact, 0, this.size);
			return exact;
		}

	}

	/** The body grew past the limit: stackless and shared, it is a client error. */
	private static final class BodyTooLargeException extends RuntimeException {

		static final BodyTooLargeException INSTANCE = new BodyTooLargeException();

		private BodyTooLargeException() {
			super("Request body too large", null, false, false);
		}

	}

	/** Responses the gateway gives itself, built once. */
	private static final class Responses {

		static final HttpResponseMessage MALFORMED_QUERY = HttpResponseMessage.text(400, "Malformed query string");

		static final HttpResponseMessage AMBIGUOUS_PATH = HttpResponseMessage.text(400,
				"The path holds what an upstream may read as another path: an encoded slash or backslash, "
						+ "a backslash, a semicolon or an encoded NUL");

		static final HttpResponseMessage NOT_FOUND = of(404);

		static final HttpResponseMessage METHOD_NOT_ALLOWED = of(405);

		static final HttpResponseMessage PAYLOAD_TOO_LARGE = of(413).withHeader("connection", "close");

		static final HttpResponseMessage INTERNAL_SERVER_ERROR = of(500);

		static final HttpResponseMessage NO_HANDLERS = of(503);

		static final HttpResponseMessage SHED = of(503).withHeader("retry-after", RETRY_AFTER_SECONDS);

		static final HttpResponseMessage GATEWAY_TIMEOUT = of(504);

		static final HttpResponseMessage NO_CONTENT = HttpResponseMessage.status(204);

		static HttpResponseMessage of(int status) {
			String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
			return new HttpResponseMessage(status, Map.of("content-type", HttpResponseMessage.TEXT_PLAIN),
					reason.getBytes(StandardCharsets.UTF_8));
		}

	}

}
