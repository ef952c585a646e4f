package io.fluxor.gateway.proxy;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The Reactor Netty {@link HttpClient}s every upstream route sends through, with keep-alive pools
 * keyed by upstream host and port, so routes that share an upstream share its connections.
 * Redirects are passed to the client, not followed, and no compression is asked for: the
 * upstream's encoding passes through.
 *
 * <p>Each I/O event loop of the gateway gets a client of its own ({@link #httpClient(EventLoop)}),
 * whose pool holds connections registered on that loop: a request is written to the upstream, and
 * its response relayed, by the thread that read it, where one shared pool may give it an idle
 * connection of another loop and route every read and write through that loop's task queue and
 * wake-ups. The {@code max-connections} of the options are shared out among the loops.
 * Off a loop (tests, code without a connection) the shared client is used.
 *
 * <p>Create one per gateway and {@link #dispose()} it when the gateway stops.
 */
public final class UpstreamClient {

	private final UpstreamClientOptions options;

	private final ConnectionProvider provider;

	private final HttpClient httpClient;

	private final Map<EventLoop, LoopPool> loopPools = new ConcurrentHashMap<>();

	private UpstreamClient(UpstreamClientOptions options, ConnectionProvider provider) {
		this.options = options;
		this.provider = provider;
		this.httpClient = configure(HttpClient.create(provider));
	}

	private static HttpClient configure(HttpClient client) {
		return client.keepAlive(true).followRedirect(false).compress(false);
	}

	private static ConnectionProvider provider(String name, UpstreamClientOptions options, int maxConnections) {
		return ConnectionProvider.builder(name)
			.maxConnections(maxConnections)
			.pendingAcquireTimeout(options.pendingAcquireTimeout())
			.maxIdleTime(options.maxIdleTime())
			.evictInBackground(options.maxIdleTime())
			.build();
	}

	/**
	 * Returns the client whose connections live on {@code loop}, with its own pool.
	 * @param loop a server event loop
	 * @return the loop's client
	 */
	public HttpClient httpClient(EventLoop loop) {
		LoopPool pool = this.loopPools.get(loop);
		return ((pool != null) ? pool : this.loopPools.computeIfAbsent(loop, this::createLoopPool)).client();
	}

	private LoopPool createLoopPool(EventLoop loop) {
		int share = Math.max(1, (this.options.maxConnections() + LoopResources.DEFAULT_IO_WORKER_COUNT - 1)
				/ LoopResources.DEFAULT_IO_WORKER_COUNT);
		ConnectionProvider provider = provider("fluxor-upstreams-" + this.loopPools.size(), this.options, share);
		return new LoopPool(provider, configure(HttpClient.create(provider)).runOn(new LoopLocalResources(loop)));
	}

	/**
	 * Creates a client with its own connection pool.
	 * @param options the pool settings
	 * @return the client
	 */
	public static UpstreamClient create(UpstreamClientOptions options) {
		Objects.requireNonNull(options, "options");
		return new UpstreamClient(options, provider("fluxor-upstreams", options, options.maxConnections()));
	}

	/**
	 * Returns the shared client; routes derive their own timeouts from it.
	 * @return the client
	 */
	public HttpClient httpClient() {
		return this.httpClient;
	}

	/**
	 * Closes every pooled connection.
	 */
	public void dispose() {
		this.provider.disposeLater().block(java.time.Duration.ofSeconds(5));
		this.loopPools.values().forEach((pool) -> pool.provider().disposeLater().block(java.time.Duration.ofSeconds(5)));
	}

	/** One loop's pool and the client that uses it. */
	private record LoopPool(ConnectionProvider provider, HttpClient client) {

	}

}
