package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fluxor.gateway.backpressure.BackpressureMode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the gateway's HTTP server, its backpressure, its limits and its routes.
 *
 * <p>Defaults are literals so that they show in the configuration metadata; a test keeps them equal
 * to {@code GatewayOptions.defaults()}. Single-value rules are Jakarta constraints; the rules that span values (utilization range,
 * route targets, duplicate ids, handler beans) are checked at startup by the auto-configuration,
 * which names the property path in the failure.
 */
@ConfigurationProperties(GatewayProperties.PREFIX)
@Validated
public class GatewayProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "fluxor.gateway";

	/**
	 * Whether to start the gateway's HTTP server.
	 */
	private boolean enabled = true;

	/**
	 * Network address the gateway binds to.
	 */
	@NotBlank
	private String host = "0.0.0.0";

	/**
	 * Port the gateway listens on; 0 picks a free port. Must differ from the port of Spring Boot's
	 * own web server.
	 */
	@Min(0)
	@Max(65535)
	private int port = 8080;

	/**
	 * Requests running plus queued before new ones are refused at once with a 503 and Retry-After.
	 */
	@Min(1)
	private int maxCcu = 5000;

	/**
	 * Share of max-ccu, in percent from 1 to 100, that runs at once; the rest of max-ccu waits in the
	 * queue.
	 */
	private int utilizationPercent = 67;

	/**
	 * Time a queued request waits for a slot before it is refused with a 503.
	 * At most 106751d (about 292 years).
	 */
	@NotNull
	private Duration queueTimeout = Duration.ofSeconds(5);

	/**
	 * Largest request body the gateway reads into memory, for event-bus and handler routes; a larger
	 * one is refused with a 413. Routes to upstreams stream bodies and are not limited by it.
	 */
	@NotNull
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	/**
	 * Largest request header block; a larger one is refused with a 431.
	 */
	@NotNull
	private DataSize maxHeaderSize = DataSize.ofKilobytes(8);

	/**
	 * Time a route target may take before the request is answered with a 504, unless the route sets
	 * its own timeout.
	 * At most 106751d (about 292 years).
	 */
	@NotNull
	private Duration requestTimeout = Duration.ofSeconds(30);

	@Valid
	private final Backpressure backpressure = new Backpressure();

	/**
	 * Settings every route to upstreams starts from; a route overrides any of them.
	 */
	@NestedConfigurationProperty
	private final UpstreamRouteSettings defaults = new UpstreamRouteSettings();

	@Valid
	private final ConnectionPool connectionPool = new ConnectionPool();

	/**
	 * Routes, matched most specific first: literal segments beat parameters, which beat wildcards; a
	 * path that ends beats the same path followed by a trailing /**.
	 */
	@Valid
	private List<Route> routes = new ArrayList<>();

	/**
	 * Proxies whose X-Forwarded-For header is believed when an ip rate-limit key is resolved, as IP
	 * addresses or CIDR ranges such as 10.0.0.0/8 or fd00::/8; empty to believe none.
	 */
	private List<String> trustedProxies = new ArrayList<>();

	/**
	 * Defaults of the routes' rate-limit sections.
	 */
	@NestedConfigurationProperty
	private final RateLimitProperties rateLimit = new RateLimitProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public int getMaxCcu() {
		return this.maxCcu;
	}

	public void setMaxCcu(int maxCcu) {
		this.maxCcu = maxCcu;
	}

	public int getUtilizationPercent() {
		return this.utilizationPercent;
	}

	public void setUtilizationPercent(int utilizationPercent) {
		this.utilizationPercent = utilizationPercent;
	}

	public Duration getQueueTimeout() {
		return this.queueTimeout;
	}

	public void setQueueTimeout(Duration queueTimeout) {
		this.queueTimeout = queueTimeout;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public DataSize getMaxHeaderSize() {
		return this.maxHeaderSize;
	}

	public void setMaxHeaderSize(DataSize maxHeaderSize) {
		this.maxHeaderSize = maxHeaderSize;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Backpressure getBackpressure() {
		return this.backpressure;
	}

	public UpstreamRouteSettings getDefaults() {
		return this.defaults;
	}

	public ConnectionPool getConnectionPool() {
		return this.connectionPool;
	}

	public List<Route> getRoutes() {
		return this.routes;
	}

	public void setRoutes(List<Route> routes) {
		this.routes = routes;
	}

	public List<String> getTrustedProxies() {
		return this.trustedProxies;
	}

	public void setTrustedProxies(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	public RateLimitProperties getRateLimit() {
		return this.rateLimit;
	}

	/**
	 * Backpressure settings ({@code fluxor.gateway.backpressure.*}).
	 */
	public static class Backpressure {

		/**
		 * How concurrent requests are limited: a fixed CCU budget with a queue, or an adaptive
		 * limit that follows latency (needs concurrency-limits-core).
		 */
		@NotNull
		private BackpressureMode mode = BackpressureMode.FIXED;

		public BackpressureMode getMode() {
			return this.mode;
		}

		public void setMode(BackpressureMode mode) {
			this.mode = mode;
		}

	}

	/**
	 * Connection pool of the client that forwards to upstreams
	 * ({@code fluxor.gateway.connection-pool.*}), one pool per upstream host and port and per I/O
	 * event loop of the gateway: a request is relayed by the loop it came on.
	 */
	public static class ConnectionPool {

		/**
		 * Connections kept per upstream host and port, shared out evenly among the gateway's I/O
		 * event loops (at least one per loop).
		 */
		@Min(1)
		private int maxConnections = 500;

		/**
		 * Time a request waits for a pooled connection when all are busy.
		 * At most 106751d (about 292 years).
		 */
		@NotNull
		private Duration pendingAcquireTimeout = Duration.ofSeconds(5);

		/**
		 * Time an idle connection stays in the pool; keep it below the upstreams' keep-alive timeout.
		 * At most 106751d (about 292 years).
		 */
		@NotNull
		private Duration maxIdleTime = Duration.ofSeconds(30);

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public Duration getPendingAcquireTimeout() {
			return this.pendingAcquireTimeout;
		}

		public void setPendingAcquireTimeout(Duration pendingAcquireTimeout) {
			this.pendingAcquireTimeout = pendingAcquireTimeout;
		}

		public Duration getMaxIdleTime() {
			return this.maxIdleTime;
		}

		public void setMaxIdleTime(Duration maxIdleTime) {
			this.maxIdleTime = maxIdleTime;
		}

	}

	/**
	 * One upstream of a route ({@code fluxor.gateway.routes[n].upstreams[m].*}).
	 */
	public static class Upstream {

		/**
		 * Base URL of the upstream, an absolute http or https URL; the request path is appended to
		 * its path, if any. It holds no query, fragment or user-info, and a port, when given, is
		 * between 1 and 65535.
		 */
		private String url;

		/**
		 * Relative weight, used by weighted-round-robin. The weights of a route, divided by their
		 * greatest common divisor, add up to at most 65536.
		 */
		private int weight = 1;

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public int getWeight() {
			return this.weight;
		}

		public void setWeight(int weight) {
			this.weight = weight;
		}

	}

	/**
	 * Regular-expression rewrite of the path sent upstream ({@code rewrite-path.*}).
	 */
	public static class RewritePath {

		/**
		 * Pattern matched against the path, after strip-prefix, such as /api/(?&lt;rest&gt;.*).
		 */
		private String regex;

		/**
		 * Replacement, with $1 or ${name} for groups, such as /v2/${rest}; it names only groups the
		 * regex has.
		 */
		private String replacement;

		public String getRegex() {
			return this.regex;
		}

		public void setRegex(String regex) {
			this.regex = regex;
		}

		public String getReplacement() {
			return this.replacement;
		}

		public void setReplacement(String replacement) {
			this.replacement = replacement;
		}

	}

	/**
	 * One route ({@code fluxor.gateway.routes[n].*}): a path template, its methods, optional header
	 * predicates and exactly one target, an event-bus address, a handler bean or upstreams; a route
	 * to upstreams also takes the settings of {@link UpstreamRouteSettings}, over
	 * {@code fluxor.gateway.defaults.*}.
	 */
	public static class Route extends UpstreamRouteSettings {

		/**
		 * Unique id of the route, used in logs and the actuator endpoint; defaults to "route-" and
		 * the index.
		 */
		private String id;

		/**
		 * Path template, such as /users/{id}, /users/:id, /files/* or /static/**; without query,
		 * fragment or whitespace.
		 */
		private String path;

		/**
		 * HTTP methods the route accepts; every method when empty.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * Event-bus address that receives the request as an HttpRequestMessage and replies with the
		 * response.
		 */
		private String address;

		/**
		 * Name of the GatewayHandler bean that serves the route.
		 */
		private String handler;

		/**
		 * Upstream services the route forwards to, streaming bodies both ways.
		 */
		private List<Upstream> upstreams = new ArrayList<>();

		/**
		 * Request headers the route requires, by name: the exact value, or * for presence only.
		 * Between routes of the same path, more headers win.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Number of leading path segments removed before forwarding to upstreams.
		 */
		private Integer stripPrefix;

		/**
		 * Rewrite of the path forwarded to upstreams.
		 */
		private final RewritePath rewritePath = new RewritePath();

		/**
		 * Time the target may take before a 504, instead of fluxor.gateway.request-timeout; on a route
		 * to upstreams, every attempt and backoff until the response headers.
		 * At most 106751d (about 292 years).
		 */
		private Duration timeout;

		/**
		 * Token-bucket limits of the route; none when absent.
		 */
		@NestedConfigurationProperty
		private RateLimitProperties rateLimit;

		/**
		 * Bearer JWT authentication of the route; none when absent.
		 */
		@NestedConfigurationProperty
		private AuthenticationProperties authentication;

		public String getId() {
			return this.id;
		}

		public void setId(String id) {
			this.id = id;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public String getHandler() {
			return this.handler;
		}

		public void setHandler(String handler) {
			this.handler = handler;
		}

		public List<Upstream> getUpstreams() {
			return this.upstreams;
		}

		public void setUpstreams(List<Upstream> upstreams) {
			this.upstreams = upstreams;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public Integer getStripPrefix() {
			return this.stripPrefix;
		}

		public void setStripPrefix(Integer stripPrefix) {
			this.stripPrefix = stripPrefix;
		}

		public RewritePath getRewritePath() {
			return this.rewritePath;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public RateLimitProperties getRateLimit() {
			return this.rateLimit;
		}

		public void setRateLimit(RateLimitProperties rateLimit) {
			this.rateLimit = rateLimit;
		}

		public AuthenticationProperties getAuthentication() {
			return this.authentication;
		}

		public void setAuthentication(AuthenticationProperties authentication) {
			this.authentication = authentication;
		}

	}

}
