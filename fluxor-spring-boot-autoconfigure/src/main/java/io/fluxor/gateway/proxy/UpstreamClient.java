package io.fluxor.gateway.proxy;

import java.util.Objects;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The Reactor Netty {@link HttpClient} every upstream route sends through: one
 * {@link ConnectionProvider}, which keeps a separate keep-alive pool per upstream host and port, so
 * routes that share an upstream share its connections. Redirects are passed to the client, not
 * followed, and no compression is asked for: the upstream's encoding passes through.
 *
 * <p>Create one per gateway and {@link #dispose()} it when the gateway stops.
 */
public final class UpstreamClient {

	private final ConnectionProvider provider;

	private final HttpClient httpClient;

	private UpstreamClient(ConnectionProvider provider) {
		this.provider = provider;
		this.httpClient = HttpClient.create(provider).keepAlive(true).followRedirect(false).compress(false);
	}

	/**
	 * Creates a client with its own connection pool.
	 * @param options the pool settings
	 * @return the client
	 */
	public static UpstreamClient create(UpstreamClientOptions options) {
		Objects.requireNonNull(options, "options");
		ConnectionProvider provider = ConnectionProvider.builder("fluxor-upstreams")
			.maxConnections(options.maxConnections())
			.pendingAcquireTimeout(options.pendingAcquireTimeout())
			.maxIdleTime(options.maxIdleTime())
			.evictInBackground(options.maxIdleTime())
			.build();
		return new UpstreamClient(provider);
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
	}

}
