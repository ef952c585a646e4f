package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A real upstream for tests: a Reactor Netty server on 127.0.0.1 and a free port that counts the
 * requests it receives.
 */
final class TestUpstream implements AutoCloseable {

	private final AtomicInteger calls = new AtomicInteger();

	private final DisposableServer server;

	private TestUpstream(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> {
				this.calls.incrementAndGet();
				return handler.apply(request, response);
			})
			.bindNow();
	}

	static TestUpstream start(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		return new TestUpstream(handler);
	}

	static TestUpstream text(String body) {
		return start((request, response) -> request.receive().then(response.sendString(reactor.core.publisher.Mono.just(body)).then()));
	}

	static TestUpstream status(int status) {
		return start((request, response) -> request.receive().then(response.status(status).sendString(reactor.core.publisher.Mono.just("status " + status)).then()));
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	int port() {
		return this.server.port();
	}

	int calls() {
		return this.calls.get();
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(2));
	}

}
