package io.fluxor.sample.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.autoconfigure.FluxorLifecyclePhases;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.context.SmartLifecycle;

/**
 * The upstream services of the FluxGate demo, in-process: real Reactor Netty servers on 127.0.0.1
 * ({@link DemoUpstream fast, slow, faulty, echo, fast-2}) for the gateway's routes to point at.
 *
 * <p>They start before the gateway and stop after it. Every answer is non-blocking: the slow one
 * waits on a timer, not a thread. The faulty one alternates success and failure rather than
 * drawing at random, so that a demo and a test see the same sequence.
 */
public class DemoUpstreams implements SmartLifecycle {

	/** The address the upstreams bind to. */
	public static final String HOST = "127.0.0.1";

	private static final Logger logger = LoggerFactory.getLogger(DemoUpstreams.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final int basePort;

	private final Duration slowDelay;

	private final ObjectMapper objectMapper;

	private final AtomicLong faultyRequests = new AtomicLong();

	private final Map<DemoUpstream, DisposableServer> servers = new EnumMap<>(DemoUpstream.class);

	/**
	 * Creates the upstreams, not yet started.
	 * @param basePort the port of {@link DemoUpstream#FAST}, the others follow; 0 picks free ports
	 * @param slowDelay how long {@link DemoUpstream#SLOW} waits
	 * @param objectMapper writes the JSON answers
	 */
	public DemoUpstreams(int basePort, Duration slowDelay, ObjectMapper objectMapper) {
		if (basePort < 0 || basePort + DemoUpstream.values().length - 1 > 65535) {
			throw new IllegalArgumentException(DemoUpstreamsProperties.PREFIX
					+ ".base-port must be between 0 and " + (65535 - DemoUpstream.values().length + 1) + " but was "
					+ basePort);
		}
		this.basePort = basePort;
		this.slowDelay = slowDelay;
		this.objectMapper = objectMapper;
	}

	/**
	 * Binds every upstream; when one cannot bind, stops those already bound and fails with the
	 * port and the properties that fix it.
	 * @throws DemoUpstreamPortConflictException if a port is taken
	 */
	@Override
	public synchronized void start() {
		if (!this.servers.isEmpty()) {
			return;
		}
		for (DemoUpstream upstream : DemoUpstream.values()) {
			int port = (this.basePort == 0) ? 0 : this.basePort + upstream.offset();
			try {
				this.servers.put(upstream, HttpServer.create()
					.host(HOST)
					.port(port)
					.handle((request, response) -> handle(upstream, request, response))
					.bindNow());
			}
			catch (RuntimeException ex) {
				stop();
				throw new DemoUpstreamPortConflictException(upstream, port, ex);
			}
		}
		logger.info("Demo upstreams listening on {}: {}", HOST, ports());
	}

	@Override
	public synchronized void stop() {
		this.servers.values().forEach((server) -> server.disposeNow(STOP_TIMEOUT));
		this.servers.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.servers.isEmpty();
	}

	@Override
	public int getPhase() {
		// up before the gateway takes traffic, down after it stops
		return FluxorLifecyclePhases.GATEWAY - 100;
	}

	/**
	 * Returns the bound port of an upstream.
	 * @param upstream the upstream
	 * @return the port
	 * @throws IllegalStateException if the upstreams are not running
	 */
	public synchronized int port(DemoUpstream upstream) {
		DisposableServer server = this.servers.get(upstream);
		if (server == null) {
			throw new IllegalStateException("Demo upstreams are not running");
		}
		return server.port();
	}

	/**
	 * Returns the base URL of an upstream, such as {@code http://127.0.0.1:9001}.
	 * @param upstream the upstream
	 * @return the URL
	 */
	public String url(DemoUpstream upstream) {
		return "http://" + HOST + ":" + port(upstream);
	}

	private synchronized Map<String, Integer> ports() {
		Map<String, Integer> ports = new LinkedHashMap<>();
		this.servers.forEach((upstream, server) -> ports.put(upstream.displayName(), server.port()));
		return ports;
	}

	private Publisher<Void> handle(DemoUpstream upstream, HttpServerRequest request, HttpServerResponse response) {
		return switch (upstream) {
			case FAST, FAST_2 -> json(response, 200, Map.of("upstream", upstream.displayName(), "ok", true));
			case SLOW -> Mono.delay(this.slowDelay)
				.then(json(response, 200, Map.of("upstream", upstream.displayName(), "ok", true, "delayMs",
						this.slowDelay.toMillis())));
			case FAULTY -> (this.faultyRequests.getAndIncrement() % 2 == 0)
					? json(response, 200, Map.of("upstream", upstream.displayName(), "ok", true))
					: json(response, 500, Map.of("upstream", upstream.displayName(), "ok", false, "error",
							"injected failure"));
			case ECHO -> request.receive()
				.aggregate()
				.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.flatMap((body) -> json(response, 200, echo(request, body)));
		};
	}

	private static Map<String, Object> echo(HttpServerRequest request, String body) {
		Map<String, Object> echo = new LinkedHashMap<>();
		echo.put("upstream", DemoUpstream.ECHO.displayName());
		echo.put("method", request.method().name());
		QueryStringDecoder uri = new QueryStringDecoder(request.uri());
		echo.put("path", uri.path());
		echo.put("query", new TreeMap<String, List<String>>(uri.parameters()));
		Map<String, String> headers = new TreeMap<>();
		request.requestHeaders().forEach((header) -> headers.merge(header.getKey().toLowerCase(java.util.Locale.ROOT),
				header.getValue(), (a, b) -> a + "," + b));
		echo.put("headers", headers);
		echo.put("body", body);
		return echo;
	}

	private Mono<Void> json(HttpServerResponse response, int status, Map<String, Object> body) {
		byte[] bytes;
		try {
			bytes = this.objectMapper.writeValueAsBytes(body);
		}
		catch (JsonProcessingException ex) {
			return Mono.error(ex);
		}
		return response.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
			.sendByteArray(Mono.just(bytes))
			.then();
	}

}
