package io.fluxor.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.fluxor.gateway.loadbalance.Upstream;
import io.fluxor.gateway.proxy.ProxyOptions;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamClient;
import io.fluxor.gateway.proxy.UpstreamClientOptions;
import io.fluxor.gateway.proxy.UpstreamProxy;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteTarget;
import io.fluxor.gateway.route.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a proxied response reaches the client's socket: a small one in one write, headers and body
 * together, a large one streamed as it arrives. Counted by a handler at the socket's end of the
 * connection's pipeline.
 */
class ProxiedResponseWritesTests {

	private static final int LARGE = 64 * 1024;

	private final UpstreamClient client = UpstreamClient.create(UpstreamClientOptions.DEFAULTS);

	/** Lets the rest of /large go once the test has seen its start reach the client. */
	private final Sinks.Empty<Void> rest = Sinks.empty();

	private final TestUpstream upstream = TestUpstream.start((request, response) -> switch (request.uri()) {
		case "/small" -> response.sendString(Mono.just("x".repeat(1000))).then();
		case "/large" -> response.header("Content-Length", Integer.toString(LARGE))
			.sendString(Flux.concat(Mono.just("a".repeat(LARGE / 2)),
					this.rest.asMono().then(Mono.fromSupplier(() -> "b".repeat(LARGE / 2)))))
			.then();
		default -> response.status(404).send();
	});

	private final GatewayServer server = GatewayServer.builder(Router.of(Route.of("r", "/**",
			RouteTarget.upstreams(UpstreamProxy.builder("r", ProxyOptions.builder(List.of(Upstream.of(this.upstream.url())))
				.build()).client(this.client).build()))))
		.options(GatewayOptions.defaults().withAddress("127.0.0.1", 0).withRequestTimeout(Duration.ofSeconds(5)))
		.build()
		.start();

	@AfterEach
	void stop() {
		this.server.stop(Duration.ofSeconds(2));
		this.upstream.close();
		this.client.dispose();
	}

	@Test
	void aSmallResponseLeavesInOneWriteWithItsHeaders() throws IOException {
		try (Socket socket = connect()) {
			WriteCounter writes = countWrites();
			for (int i = 1; i <= 3; i++) {
				String response = exchange(socket, "/small");
				assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("x".repeat(1000));
				assertThat(writes.flushesWithBytes()).as("flushes carrying bytes after %d responses", i).isEqualTo(i);
			}
		}
	}

	@Test
	void aLargeResponseStreamsItsStartReachesTheClientBeforeTheUpstreamSendsTheRest() throws IOException {
		try (Socket socket = connect()) {
			WriteCounter writes = countWrites();
			socket.getOutputStream().write(request("/large"));
			InputStream in = socket.getInputStream();
			String start = read(in, (received) -> received.contains("a".repeat(LARGE / 2)));
			assertThat(start).startsWith("HTTP/1.1 200 OK").doesNotContain("b");
			this.rest.tryEmitEmpty();
			read(in, (received) -> received.length() == LARGE / 2);
			assertThat(writes.flushesWithBytes()).isGreaterThan(1);
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.server.port());
		socket.setSoTimeout((int) TestHttp.TIMEOUT.toMillis());
		return socket;
	}

	/** Puts a counter at the socket's end of the one connection's pipeline, before any request on it. */
	private WriteCounter countWrites() {
		Channel channel = await().atMost(Duration.ofSeconds(5))
			.until(() -> List.copyOf(this.server.connections()), (connections) -> connections.size() == 1)
			.get(0);
		WriteCounter counter = new WriteCounter();
		channel.pipeline().addFirst(counter);
		return counter;
	}

	private static String exchange(Socket socket, String path) throws IOException {
		socket.getOutputStream().write(request(path));
		return read(socket.getInputStream(), (received) -> TestHttp.isComplete(received, false));
	}

	private static byte[] request(String path) {
		return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
	}

	/** Reads what comes until it is complete, testing after each read. */
	private static String read(InputStream in, Predicate<String> complete) throws IOException {
		StringBuilder received = new StringBuilder();
		byte[] buffer = new byte[8192];
		int read;
		while (!complete.test(received.toString()) && (read = in.read(buffer)) != -1) {
			received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
		}
		return received.toString();
	}

	/** Counts the flushes that send bytes to the socket, each a write system call or more. */
	private static final class WriteCounter extends ChannelOutboundHandlerAdapter {

		private final AtomicInteger flushes = new AtomicInteger();

		private long pending;

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			if (msg instanceof ByteBuf buffer) {
				this.pending += buffer.readableBytes();
			}
			else if (msg instanceof ByteBufHolder holder) {
				this.pending += holder.content().readableBytes();
			}
			super.write(ctx, msg, promise);
		}

		@Override
		public void flush(ChannelHandlerContext ctx) throws Exception {
			if (this.pending > 0) {
				this.pending = 0;
				this.flushes.incrementAndGet();
			}
			super.flush(ctx);
		}

		int flushesWithBytes() {
			return this.flushes.get();
		}

	}

}
