package io.fluxor.gateway.security;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * A JWKS fetched from a URL with Reactor Netty and cached. Lookups never block: they read the last
 * key set fetched, and a key set older than the refresh interval, or a lookup matching no key (a
 * rotated key), starts a background fetch, at most one at a time and no more often than the
 * minimum refresh interval. Trade-off: until the first fetch completes (see {@link #refresh()}),
 * and for the lookup that discovers a rotated key, verification fails with
 * {@link JwtFailure#KEYS_UNAVAILABLE} or {@link JwtFailure#INVALID_SIGNATURE} instead of waiting.
 */
final class RemoteJwkSet implements JWKSource<SecurityContext> {

	/** Largest key set accepted, in bytes. */
	static final int MAX_SIZE = 512 * 1024;

	private final URI uri;

	private final HttpClient client;

	private final Duration timeout;

	private final long refreshNanos;

	private final long minRefreshNanos;

	private final AtomicReference<JWKSet> keys = new AtomicReference<>();

	private final AtomicLong fetchedAt = new AtomicLong();

	private final AtomicLong attemptedAt = new AtomicLong();

	private final AtomicBoolean fetching = new AtomicBoolean();

	RemoteJwkSet(URI uri, Duration timeout, Duration refreshInterval, Duration minRefreshInterval) {
		this.uri = uri;
		this.timeout = timeout;
		this.refreshNanos = refreshInterval.toNanos();
		this.minRefreshNanos = minRefreshInterval.toNanos();
		this.client = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
			.responseTimeout(timeout);
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		JWKSet current = this.keys.get();
		if (current == null) {
			refreshInBackground();
			throw new KeySourceException("JWKS " + this.uri + " not loaded yet");
		}
		if (System.nanoTime() - this.fetchedAt.get() > this.refreshNanos) {
			refreshInBackground();
		}
		List<JWK> matches = selector.select(current);
		if (matches.isEmpty()) {
			refreshInBackground();
		}
		return matches;
	}

	/**
	 * Fetches the key set now, bounded by the timeout.
	 * @return completes when the key set is replaced, or errors
	 */
	Mono<Void> refresh() {
		this.attemptedAt.set(System.nanoTime());
		return this.client.get()
			.uri(this.uri)
			.response((response, body) -> (response.status().code() == 200) ? read(body)
					: Mono.error(new KeySourceException("JWKS " + this.uri + " answered " + response.status())))
			.next()
			.timeout(this.timeout)
			.flatMap(this::parse)
			.doOnNext((set) -> {
				this.keys.set(set);
				this.fetchedAt.set(System.nanoTime());
			})
			.then();
	}

	/** Reads the body, failing as soon as it grows past {@link #MAX_SIZE}, not once it is all in memory. */
	private Mono<byte[]> read(ByteBufFlux body) {
		return Mono.defer(() -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			return body.asByteArray().<byte[]>handle((chunk, sink) -> {
				if (out.size() + chunk.length > MAX_SIZE) {
					sink.error(new KeySourceException("JWKS " + this.uri + " exceeds " + MAX_SIZE + " bytes"));
				}
				else {
					out.writeBytes(chunk);
				}
			}).then(Mono.fromCallable(out::toByteArray));
		});
	}

	private Mono<JWKSet> parse(byte[] body) {
		try {
			return Mono.just(JWKSet.parse(new String(body, StandardCharsets.UTF_8)).toPublicJWKSet());
		}
		catch (ParseException ex) {
			return Mono.error(new KeySourceException("JWKS " + this.uri + " is not a JSON Web Key Set", ex));
		}
	}

	private void refreshInBackground() {
		long now = System.nanoTime();
		long last = this.attemptedAt.get();
		boolean tried = this.keys.get() != null || last != 0;
		if (tried && now - last < this.minRefreshNanos) {
			return;
		}
		if (this.fetching.compareAndSet(false, true)) {
			refresh().doFinally((signal) -> this.fetching.set(false)).onErrorComplete().subscribe();
		}
	}

	boolean isLoaded() {
		return this.keys.get() != null;
	}

}
