package io.fluxor.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A small client for tests: Reactor Netty's {@link HttpClient} on 127.0.0.1, one connection per
 * request so held requests never wait for a pooled connection.
 */
final class TestHttp {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: (\\d+)");

	private final HttpClient client;

	TestHttp(int port) {
		this.client = HttpClient.newConnection().baseUrl("http://127.0.0.1:" + port);
	}

	Mono<Response> request(HttpMethod method, String uri, String body) {
		HttpClient.RequestSender sender = this.client.request(method).uri(uri);
		HttpClient.ResponseReceiver<?> receiver = (body != null) ? sender.send(ByteBufFlux.fromString(Mono.just(body)))
				: sender;
		return receiver.responseSingle((response, content) -> content.asString()
			.defaultIfEmpty("")
			.map((text) -> new Response(response.status().code(), response.responseHeaders(), text)));
	}

	Response get(String uri) {
		return request(HttpMethod.GET, uri, null).block(TIMEOUT);
	}

	Response post(String uri, String body) {
		return request(HttpMethod.POST, uri, body).block(TIMEOUT);
	}

	HttpClient client() {
		return this.client;
	}

	/**
	 * Writes raw bytes on a new socket and returns the status line of the answer.
	 */
	static String rawStatusLine(int port, String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) != -1 && c != '\n') {
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}
	}

	/**
	 * Writes raw bytes on one connection and reads what comes back until it ends with {@code last}.
	 */
	static String rawExchange(int port, String requests, String last) throws IOException {
		return rawExchange(port, requests, (received) -> received.endsWith(last));
	}

	/**
	 * Writes raw bytes on one connection and reads what comes back until it is complete.
	 */
	static String rawExchange(int port, String requests, Predicate<String> complete) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder received = new StringBuilder();
			int c;
			while (!complete.test(received.toString()) && (c = in.read()) != -1) {
				received.append((char) c);
			}
			return received.toString();
		}
	}

	/**
	 * Writes raw bytes on a new socket and returns all that comes back until the server closes it.
	 */
	static String rawUntilClosed(int port, String requests) throws IOException {
		return rawExchange(port, requests, "\u0000never sent\u0000");
	}

	/** Whether a raw response is all there: its headers and, unless bodiless, the body it declares. */
	static boolean isComplete(String response, boolean bodiless) {
		int end = response.indexOf("\r\n\r\n");
		if (end < 0) {
			return false;
		}
		Matcher length = CONTENT_LENGTH.matcher(response.substring(0, end));
		return bodiless || !length.find() || response.length() >= end + 4 + Integer.parseInt(length.group(1));
	}

	record Response(int status, HttpHeaders headers, String body) {

	}

}
