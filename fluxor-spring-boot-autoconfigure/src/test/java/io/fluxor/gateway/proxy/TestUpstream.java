package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A real upstream for tests: a Reactor Netty server on 127.0.0.1 and a free port that counts the
 * requests it receives and the connections it accepts.
 */
public final class TestUpstream implements AutoCloseable {

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger connections = new AtomicInteger();

	private final DisposableServer server;

	private TestUpstream(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			// once per accepted channel; doOnConnection would run for every request of a kept-alive one
			.doOnChannelInit((observer, channel, address) -> this.connections.incrementAndGet())
			.handle((request, response) -> {
				this.calls.incrementAndGet();
				return handler.apply(request, response);
			})
			.bindNow();
	}

	/**
	 * Starts an upstream.
	 * @param handler answers each request
	 * @return the upstream
	 */
	public static TestUpstream start(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		return new TestUpstream(handler);
	}

	/**
	 * Starts an upstream that answers 200 with a text.
	 * @param body the text
	 * @return the upstream
	 */
	public static TestUpstream text(String body) {
		return start((request, response) -> request.receive().then(response.sendString(Mono.just(body)).then()));
	}

	/**
	 * Starts an upstream that answers with a status.
	 * @param status the status
	 * @return the upstream
	 */
	public static TestUpstream status(int status) {
		return start((request, response) -> request.receive()
			.then(response.status(status).sendString(Mono.just("status " + status)).then()));
	}

	/**
	 * Returns the base URL.
	 * @return {@code http://127.0.0.1:PORT}
	 */
	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/**
	 * Returns the port.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * Returns how many requests arrived.
	 * @return the count
	 */
	public int calls() {
		return this.calls.get();
	}

	/**
	 * Returns how many connections were accepted, kept alive or not.
	 * @return the count
	 */
	public int connections() {
		return this.connections.get();
	}

	/**
	 * Stops the server.
	 */
	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(2));
	}

}
