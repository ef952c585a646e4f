package io.fluxor.pipeline.loader;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import io.fluxor.pipeline.AsyncLoader;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

/**
 * Writes each item as one line (UTF-8, terminated by {@code \n}) to a TCP server through one
 * Reactor Netty connection, opened on the first item.
 *
 * <p>Asynchronous, so that the pipeline's backpressure reaches the socket: an item's load completes
 * when its line has been written and flushed, and each worker of the stage has one item in flight,
 * so a slow reader slows the extractor instead of filling memory. With a parallelism of 1 the lines
 * arrive in item order; with more they interleave. The trade-off is one flush, and so at least one
 * system call, per item: a simple, bounded sink rather than a high-throughput one.
 *
 * <p>A refused connection, or one lost before or during a write, fails the item, which the stage's
 * error action handles and counts; the loader does not retry, and connects again on the next item.
 * A line written just before the peer closes may still be lost, as with any TCP stream without
 * acknowledgements. {@link #close()} (called when a run of the pipeline ends) closes the connection.
 *
 * @param <T> the item type
 */
public final class SocketLoader<T> implements AsyncLoader<T>, AutoCloseable {

	/** Default time a connection may take to open before the item fails. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final TcpClient client;

	private final Function<? super T, String> encoder;

	private Connection connection;

	private Mono<? extends Connection> connecting;

	/**
	 * Creates a loader that writes each item's {@code toString()}.
	 * @param host the server's host
	 * @param port the server's port
	 */
	public SocketLoader(String host, int port) {
		this(host, port, String::valueOf);
	}

	/**
	 * Creates a loader.
	 * @param host the server's host
	 * @param port the server's port
	 * @param encoder how an item becomes its line, without the line terminator
	 */
	public SocketLoader(String host, int port, Function<? super T, String> encoder) {
		this(TcpClient.create()
			.host(Objects.requireNonNull(host, "host"))
			.port(port)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) DEFAULT_CONNECT_TIMEOUT.toMillis()), encoder);
	}

	/**
	 * Creates a loader on a configured client (address, TLS, timeouts, loop resources).
	 * @param client the client
	 * @param encoder how an item becomes its line, without the line terminator
	 */
	public SocketLoader(TcpClient client, Function<? super T, String> encoder) {
		this.client = Objects.requireNonNull(client, "client");
		this.encoder = Objects.requireNonNull(encoder, "encoder");
	}

	@Override
	public CompletionStage<?> load(T item) {
		String line = this.encoder.apply(item) + "\n";
		return connection()
			.flatMap((connection) -> connection.outbound().sendString(Mono.just(line), StandardCharsets.UTF_8).then())
			.toFuture();
	}

	private synchronized Mono<? extends Connection> connection() {
		Connection current = this.connection;
		if (current != null && !current.isDisposed()) {
			return Mono.just(current);
		}
		this.connection = null;
		if (this.connecting == null) {
			// One attempt shared by the items that wait for it; forgotten once it ends, so that a
			// refused connection is tried again by the next item rather than cached as a failure.
			Mono<? extends Connection> attempt = this.client.connect().cache();
			this.connecting = attempt;
			attempt.subscribe((opened) -> opened(attempt, opened), (ex) -> failed(attempt));
		}
		return this.connecting;
	}

	private synchronized void opened(Mono<? extends Connection> attempt, Connection opened) {
		if (this.connecting == attempt) {
			this.connecting = null;
			this.connection = opened;
		}
		else {
			opened.dispose();
		}
	}

	private synchronized void failed(Mono<? extends Connection> attempt) {
		if (this.connecting == attempt) {
			this.connecting = null;
		}
	}

	/**
	 * Closes the connection, if open; the next item opens a new one.
	 */
	@Override
	public synchronized void close() {
		Connection current = this.connection;
		this.connection = null;
		this.connecting = null;
		if (current != null) {
			current.dispose();
		}
	}

}
