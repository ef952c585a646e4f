package io.fluxor.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.eventbus.EventBus;
import io.fluxor.gateway.backpressure.ConcurrencyLimiter;
import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway's HTTP server: a Reactor Netty {@link HttpServer} that routes each request with a
 * {@link Router} snapshot of its {@link RouteRegistry}, admits it through a {@link ConcurrencyLimiter}, passes it through the
 * {@link GatewayFilter filters} and hands it to the route's target.
 *
 * <p>Statuses it answers itself: 400 for a query string with a bad percent escape, 404 no route,
 * 405 with {@code Allow} for another method, 413 body
 * over {@link GatewayOptions#maxBodySize()}, 503 with {@code Retry-After} when shed or the address
 * has no consumer or rejected the message, 504 when the target exceeds its timeout. Reactor Netty's
 * decoder answers 431 for headers over {@link GatewayOptions#maxHeaderSize()}, 414 for a request line
 * that is too long and 400 for a malformed request, before any route is looked up.
 *
 * <p>A fresh cache hit of a route no filter applies to is answered by a {@link CacheHitShortcut} on
 * the connection's pipeline, before Reactor Netty sees the request; every other request takes the
 * path above.
 *
 * <p>Nothing here blocks an I/O thread: routing is a scan of precompiled templates, admission a few
 * field updates, and event-bus replies complete on the consumer's loop.
 */
public final class GatewayServer {

	private static final Logger logger = LoggerFactory.getLogger(GatewayServer.class);

	private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

	private final GatewayOptions options;

	private final RouteRegistry routes;

	private final List<GatewayFilter> filters;

	private final EventBus eventBus;

	private final GatewayMetrics metrics;

	private final ObjectMapper objectMapper;

	private final ConcurrencyLimiter limiter;

	private volatile DisposableServer server;

	// every open connection, so that a stop waits for the requests in flight on them
	private ChannelGroup connections;

	private GatewayServer(Builder builder) {
		this.options = builder.options;
		this.routes = builder.routes;
		List<GatewayFilter> sorted = new ArrayList<>(builder.filters);
		sorted.sort(Comparator.comparingInt(GatewayFilter::order));
		this.filters = List.copyOf(sorted);
		this.eventBus = builder.eventBus;
		this.metrics = builder.metrics;
		this.objectMapper = builder.objectMapper;
		if (this.eventBus == null) {
			this.routes.addValidator((route) -> {
				if (route.target() instanceof RouteTarget.Address) {
					throw new IllegalArgumentException("targets an event-bus address but no EventBus was given");
				}
			});
		}
		this.limiter = this.options.createLimiter();
	}

	/**
	 * Starts building a server with fixed routes.
	 * @param router the routes
	 * @return a builder
	 */
	public static Builder builder(Router router) {
		return new Builder(RouteRegistry.of(router));
	}

	/**
	 * Starts building a server whose routes can be replaced while it runs.
	 * @param routes the live routes; each request uses the snapshot current when it arrives
	 * @return a builder
	 */
	public static Builder builder(RouteRegistry routes) {
		return new Builder(routes);
	}

	/**
	 * Binds the port and starts serving; calling it again while running does nothing.
	 * @return this server
	 */
	public synchronized GatewayServer start() {
		if (this.server == null) {
			GatewayRequestHandler handler = new GatewayRequestHandler(this.options, this.routes, this.filters,
					this.eventBus, this.limiter, this.metrics, this.objectMapper);
			this.connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
			this.server = HttpServer.create()
				.channelGroup(this.connections)
				.host(this.options.host())
				.port(this.options.port())
				.httpRequestDecoder((spec) -> spec.maxHeaderSize(this.options.maxHeaderSize()))
				.doOnChannelInit((observer, channel, remoteAddress) -> channel.pipeline()
					.addBefore(NettyPipeline.HttpTrafficHandler, CacheHitShortcut.NAME, new CacheHitShortcut(handler)))
				.handle(handler)
				.bindNow();
			this.metrics.bindLimiter(this.limiter);
			logger.info("Fluxor gateway listening on {}:{} with {} routes, max-ccu {} ({} running), mode {}",
					this.options.host(), this.server.port(), this.routes.routes().size(), this.options.maxCcu(),
					this.limiter.limit(), this.options.backpressureMode().name().toLowerCase(java.util.Locale.ROOT));
		}
		return this;
	}

	/**
	 * Stops accepting connections and waits up to 10 seconds for open ones to finish.
	 */
	public void stop() {
		stop(DEFAULT_STOP_TIMEOUT);
	}

	/**
	 * Stops gracefully: stops accepting connections, closes idle ones, lets the requests in flight
	 * finish for up to {@code timeout}, then closes the connections of those still running (logged,
	 * not thrown: the server is stopped either way).
	 * @param timeout how long to wait
	 */
	public synchronized void stop(Duration timeout) {
		DisposableServer running = this.server;
		if (running != null) {
			this.server = null;
			try {
				running.disposeNow(timeout);
			}
			catch (IllegalStateException ex) {
				logger.warn("Fluxor gateway stopped with requests still running after {}: their connections are closed",
						timeout);
				this.connections.close().awaitUninterruptibly(timeout.toMillis());
			}
		}
	}

	/**
	 * Returns whether the server is bound.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public boolean isRunning() {
		return this.server != null;
	}

	/**
	 * Returns the bound port, useful when the options asked for port 0.
	 * @return the port
	 * @throws IllegalStateException if the server is not running
	 */
	public int port() {
		DisposableServer running = this.server;
		if (running == null) {
			throw new IllegalStateException("Gateway server is not running");
		}
		return running.port();
	}

	/**
	 * Returns the open connections, for tests that look at their pipelines.
	 * @return the connections, {@code null} before the first start
	 */
	ChannelGroup connections() {
		return this.connections;
	}

	/**
	 * Returns the options.
	 * @return the options
	 */
	public GatewayOptions options() {
		return this.options;
	}

	/**
	 * Returns the current routes.
	 * @return the current snapshot of {@link #routes()}
	 */
	public Router router() {
		return this.routes.router();
	}

	/**
	 * Returns the live routes, to read or replace them while the server runs.
	 * @return the registry
	 */
	public RouteRegistry routes() {
		return this.routes;
	}

	/**
	 * Returns the filters in the order they run.
	 * @return the filters
	 */
	public List<GatewayFilter> filters() {
		return this.filters;
	}

	/**
	 * Returns the limiter, for its live counts.
	 * @return the limiter
	 */
	public ConcurrencyLimiter limiter() {
		return this.limiter;
	}

	/**
	 * Builds a {@link GatewayServer}.
	 */
	public static final class Builder {

		private final RouteRegistry routes;

		private GatewayOptions options = GatewayOptions.defaults();

		private List<GatewayFilter> filters = List.of();

		private EventBus eventBus;

		private GatewayMetrics metrics = GatewayMetrics.noop();

		private ObjectMapper objectMapper;

		private Builder(RouteRegistry routes) {
			this.routes = Objects.requireNonNull(routes, "routes");
		}

		/**
		 * Sets the options.
		 * @param options the options
		 * @return this builder
		 */
		public Builder options(GatewayOptions options) {
			this.options = Objects.requireNonNull(options, "options");
			return this;
		}

		/**
		 * Sets the filters; they run in {@link GatewayFilter#order()} order.
		 * @param filters the filters
		 * @return this builder
		 */
		public Builder filters(List<? extends GatewayFilter> filters) {
			this.filters = List.copyOf(filters);
			return this;
		}

		/**
		 * Sets the event bus, required when a route targets an address.
		 * @param eventBus the bus
		 * @return this builder
		 */
		public Builder eventBus(EventBus eventBus) {
			this.eventBus = eventBus;
			return this;
		}

		/**
		 * Sets the metrics.
		 * @param metrics the metrics
		 * @return this builder
		 */
		public Builder metrics(GatewayMetrics metrics) {
			this.metrics = Objects.requireNonNull(metrics, "metrics");
			return this;
		}

		/**
		 * Sets the mapper that writes replies other than {@link HttpResponseMessage}, text and
		 * bytes as JSON.
		 * @param objectMapper the mapper
		 * @return this builder
		 */
		public Builder objectMapper(ObjectMapper objectMapper) {
			this.objectMapper = objectMapper;
			return this;
		}

		/**
		 * Builds the server, not yet started.
		 * @return the server
		 * @throws IllegalArgumentException if a route targets an address and no bus was given
		 */
		public GatewayServer build() {
			if (this.objectMapper == null) {
				this.objectMapper = new ObjectMapper();
			}
			return new GatewayServer(this);
		}

	}

}
