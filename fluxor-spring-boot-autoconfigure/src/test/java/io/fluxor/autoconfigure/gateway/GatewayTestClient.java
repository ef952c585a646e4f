package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.Map;

import io.fluxor.gateway.GatewayServer;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;

/**
 * A real HTTP client for the auto-configured gateway on 127.0.0.1, one connection per request, and
 * the startup failure helper of the filter auto-configuration tests.
 */
final class GatewayTestClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient client;

	GatewayTestClient(GatewayServer server) {
		this.client = HttpClient.newConnection().baseUrl("http://127.0.0.1:" + server.port());
	}

	Response get(String uri, Map<String, String> headers) {
		return exchange(this.client.headers((h) -> headers.forEach(h::add)).get().uri(uri));
	}

	Response get(String uri) {
		return get(uri, Map.of());
	}

	Response postForm(String uri, String form) {
		return exchange(this.client.headers((h) -> h.add("Content-Type", "application/x-www-form-urlencoded"))
			.post()
			.uri(uri)
			.send(ByteBufFlux.fromString(Mono.just(form))));
	}

	/**
	 * Sends a request and waits for the whole response.
	 * @param request the request
	 * @return the response, with its body as text
	 */
	static Response exchange(HttpClient.ResponseReceiver<?> request) {
		return request
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> new Response(response.status().code(), response.responseHeaders(), text)))
			.block(TIMEOUT);
	}

	static String failureMessage(ApplicationContextAssertProvider<?> context) {
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof InvalidGatewayPropertyException)) {
			failure = failure.getCause();
		}
		return (failure != null) ? failure.getMessage() : String.valueOf(context.getStartupFailure());
	}

	record Response(int status, HttpHeaders headers, String body) {

		String header(String name) {
			return this.headers.get(name);
		}

	}

}
