package io.fluxor.benchmarks.baselines;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The baseline of the HTTP load scripts: a Reactor Netty server with nothing on top, answering
 * {@code hello} to every GET and echoing the body of {@code POST /api/echo}. It uses Reactor Netty's
 * default event loops, as the Fluxor gateway does, so the difference the scripts measure is what
 * Fluxor adds (routing, backpressure, metrics, the event-bus hop to a verticle).
 *
 * <p>Usage: {@code java -cp baselines.jar io.fluxor.benchmarks.baselines.BareReactorNettyServer [host] [port]}
 * (defaults {@code 127.0.0.1} and {@code 0}, a free port). Once bound it prints
 * {@code BareReactorNettyServer listening on HOST:PORT} and serves until it is killed.
 */
public final class BareReactorNettyServer {

	private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

	private BareReactorNettyServer() {
	}

	/**
	 * Starts the server and blocks until the process ends.
	 * @param args optional host and port
	 */
	public static void main(String[] args) {
		String host = (args.length > 0) ? args[0] : "127.0.0.1";
		int port = (args.length > 1) ? Integer.parseInt(args[1]) : 0;
		DisposableServer server = HttpServer.create()
			.host(host)
			.port(port)
			.handle(BareReactorNettyServer::handle)
			.bindNow();
		System.out.println("BareReactorNettyServer listening on " + host + ":" + server.port());
		server.onDispose().block();
	}

	private static Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		if (request.method() == HttpMethod.POST && "/api/echo".equals(request.fullPath())) {
			return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((body) -> response
				.header(HttpHeaderNames.CONTENT_TYPE, request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream"))
				.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
				.sendByteArray(Mono.just(body))
				.then());
		}
		if (request.method() != HttpMethod.GET) {
			return response.status(HttpResponseStatus.METHOD_NOT_ALLOWED).header(HttpHeaderNames.ALLOW, "GET").send();
		}
		return hello(response);
	}

	/**
	 * Answers {@code hello} from memory: the answer every comparison "from memory" measures.
	 * @param response the response to send it on
	 * @return completes once it is written
	 */
	static Mono<Void> hello(HttpServerResponse response) {
		return response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(HELLO.length))
			.sendByteArray(Mono.just(HELLO))
			.then();
	}

}
