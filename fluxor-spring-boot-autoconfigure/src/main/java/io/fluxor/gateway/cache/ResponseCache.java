package io.fluxor.gateway.cache;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;

/**
 * One route's response cache (Caffeine, bounded, per-entry expiry).
 * <p>
 * Concurrent misses of one key are coalesced: the first starts the upstream request and the others
 * wait for its response, so a cold or expired key costs one upstream request however many clients
 * ask at once. A waiter that may not see that response (marked {@code private}, setting a cookie,
 * varying on a header the key does not hold, answering credentials) sends its own request. The
 * shared upstream request runs to completion even if the client that started it goes away, so
 * waiters are never stranded. With stale-while-revalidate, an expired entry is served for that
 * window while a single background request refreshes it. Trade-off: whole bodies live on the heap;
 * size {@code max-entries} for the route's typical body.
 */
public final class ResponseCache {

	private static final String AUTHORIZATION = "Authorization";

	private final String routeId;

	private final ResponseCacheOptions options;

	private final Ticker ticker;

	private final Cache<CacheKey, Entry> entries;

	private final Map<CacheKey, Flight> inFlight = new ConcurrentHashMap<>();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	// Authorization among the vary headers: each credential has entries of its own already
	private final boolean variesOnCredentials;

	/**
	 * Creates the cache of a route.
	 * @param routeId the route id, part of every key and the {@code route} metric tag
	 * @param options ttl, size, vary and stale-while-revalidate
	 */
	public ResponseCache(String routeId, ResponseCacheOptions options) {
		this(routeId, options, Ticker.systemTicker());
	}

	ResponseCache(String routeId, ResponseCacheOptions options, Ticker ticker) {
		this.routeId = Objects.requireNonNull(routeId, "routeId");
		this.options = Objects.requireNonNull(options, "options");
		this.ticker = ticker;
		this.variesOnCredentials = options.vary().stream().anyMatch(AUTHORIZATION::equalsIgnoreCase);
		this.entries = Caffeine.newBuilder()
			.maximumSize(options.maxEntries())
			.expireAfter(Expiry.<CacheKey, Entry>writing((key, entry) -> entry.lifetime()))
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
	}

	/**
	 * Returns whether responses to a method are cached: {@code GET} and {@code HEAD} only, spelled so,
	 * since a method is case-sensitive (RFC 9110 §9.1: {@code get} is another, unknown method).
	 * @param method request method
	 * @return whether to look the request up
	 */
	public static boolean isCacheable(String method) {
		return "GET".equals(method) || "HEAD".equals(method);
	}

	/**
	 * Builds the key of a request.
	 * @param method request method
	 * @param path request path
	 * @param query raw query string, or {@code null}
	 * @param header reads a request header (first value), for the vary headers and, on a route that
	 * varies neither by user nor on {@code Authorization}, {@code Authorization}: a request with
	 * credentials gets a key of its own (see {@link CacheKey#authorized()})
	 * @param user the user key, used only when the route varies by user
	 * @return the key
	 */
	public CacheKey key(String method, String path, String query, Function<String, String> header, String user) {
		List<String> names = this.options.vary();
		List<String> vary = switch (names.size()) {
			case 0 -> List.of();
			case 1 -> Collections.singletonList(header.apply(names.get(0)));
			default -> {
				String[] values = new String[names.size()];
				for (int i = 0; i < values.length; i++) {
					values[i] = header.apply(names.get(i));
				}
				yield Arrays.asList(values);
			}
		};
		boolean byUser = this.options.varyByUser();
		boolean authorized = !byUser && !this.variesOnCredentials && header.apply(AUTHORIZATION) != null;
		return new CacheKey(this.routeId, method, path, query, vary,
				byUser ? Objects.requireNonNull(user, "user") : null, authorized);
	}

	/**
	 * Answers a request from the cache, or from {@code loader} on a miss.
	 * @param key the request's key (from {@link #key})
	 * @param loader requests the upstream; subscribed at most once per call, and not at all on a
	 * hit or when joining another request's load
	 * @return the response and whether it was a hit
	 */
	public Mono<CacheLookup> lookup(CacheKey key, Supplier<Mono<CachedResponse>> loader) {
		return Mono.defer(() -> {
			CacheLookup hit = find(key, loader);
			return (hit != null) ? Mono.just(hit) : load(key, loader);
		});
	}

	/**
	 * Answers a request from the cache at once if it holds a fresh response, or a stale one within
	 * stale-while-revalidate (then {@code loader} revalidates it in the background). The
	 * operator-free half of {@link #lookup}, for callers on the hot path.
	 * @param key the request's key (from {@link #key})
	 * @param loader requests the upstream, for a revalidation only; {@code null} to take fresh
	 * responses alone, leaving a stale one (neither served nor counted) to a caller that can
	 * revalidate it
	 * @return the hit, or {@code null} on a miss: then call {@link #load}
	 */
	public CacheLookup find(CacheKey key, Supplier<Mono<CachedResponse>> loader) {
		long now = this.ticker.read();
		Entry entry = this.entries.getIfPresent(key);
		if (entry != null && now < entry.freshUntil) {
			this.hits.increment();
			return new CacheLookup(entry.response, CacheResult.HIT, false, entry.ageSeconds(now));
		}
		if (entry != null && loader != null && now < entry.staleUntil) {
			this.hits.increment();
			revalidate(key, loader);
			return new CacheLookup(entry.response, CacheResult.HIT, true, entry.ageSeconds(now));
		}
		return null;
	}

	/**
	 * Answers a miss: from {@code loader}, or by joining a load of the same key in flight.
	 * @param key the request's key (from {@link #key})
	 * @param loader requests the upstream; subscribed at most once, and not at all when joining
	 * @return the response, as a miss
	 */
	public Mono<CacheLookup> load(CacheKey key, Supplier<Mono<CachedResponse>> loader) {
		this.misses.increment();
		Flight flight = new Flight(key, loader);
		Flight existing = this.inFlight.putIfAbsent(key, flight);
		if (existing == null) {
			return flight.loaded.map((loaded) -> miss(loaded.response));
		}
		return existing.loaded.flatMap((loaded) -> loaded.shareable ? Mono.just(miss(loaded.response))
				: Mono.defer(loader).map(ResponseCache::miss));
	}

	private void revalidate(CacheKey key, Supplier<Mono<CachedResponse>> loader) {
		Flight flight = new Flight(key, loader);
		if (this.inFlight.putIfAbsent(key, flight) == null) {
			flight.loaded.subscribe((loaded) -> {
			}, (error) -> {
			});
		}
	}

	private static CacheLookup miss(CachedResponse response) {
		return new CacheLookup(response, CacheResult.MISS, false, 0);
	}

	private Loaded store(CacheKey key, CachedResponse response) {
		long fresh = CachePolicy.freshNanos(response, this.options, key.authorized(), System.currentTimeMillis());
		if (fresh != CachePolicy.NOT_STORABLE) {
			long now = this.ticker.read();
			long stale = CachePolicy.mayServeStale(response) ? this.options.staleWhileRevalidate().toNanos() : 0;
			this.entries.put(key,
					new Entry(response, now, now + fresh, now + fresh + stale, CachePolicy.ageSeconds(response)));
			return new Loaded(response, true);
		}
		return new Loaded(response, CachePolicy.isShareable(response, this.options, key.authorized()));
	}

	/**
	 * Returns the route id.
	 * @return the id
	 */
	public String routeId() {
		return this.routeId;
	}

	/**
	 * Returns the lookups answered from the cache.
	 * @return the count
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * Returns the lookups that went to the upstream (or joined a request that did).
	 * @return the count
	 */
	public long misses() {
		return this.misses.sum();
	}

	/**
	 * Returns hits over lookups, 0 before the first lookup.
	 * @return the ratio between 0 and 1
	 */
	public double hitRatio() {
		long hits = hits();
		long total = hits + misses();
		return (total == 0) ? 0 : (double) hits / total;
	}

	/**
	 * Returns the number of responses held (approximate).
	 * @return the count
	 */
	public long size() {
		this.entries.cleanUp();
		return this.entries.estimatedSize();
	}

	/**
	 * Drops every response, e.g. when the route is replaced.
	 */
	public void invalidateAll() {
		this.entries.invalidateAll();
	}

	/**
	 * A stored response with its times on the cache's ticker.
	 * @param storedAt when it was stored
	 * @param freshUntil until when it is served as fresh
	 * @param staleUntil until when it may be served at all (stale-while-revalidate)
	 * @param initialAgeSeconds the {@code Age} it arrived with
	 */
	private record Entry(CachedResponse response, long storedAt, long freshUntil, long staleUntil,
			long initialAgeSeconds) {

		/** How long Caffeine keeps it: until it may no longer be served. */
		java.time.Duration lifetime() {
			return java.time.Duration.ofNanos(this.staleUntil - this.storedAt);
		}

		/** The age to send with it (RFC 9111 §4.2.3): the age it arrived with plus its time here. */
		long ageSeconds(long now) {
			return this.initialAgeSeconds + TimeUnit.NANOSECONDS.toSeconds(now - this.storedAt);
		}

	}

	private record Loaded(CachedResponse response, boolean shareable) {

	}

	private final class Flight {

		final Mono<Loaded> loaded;

		Flight(CacheKey key, Supplier<Mono<CachedResponse>> loader) {
			// The flight leaves the map before its waiters hear the response: once a response has gone
			// out, the next request of its key finds the cache entry or starts its own load, never a
			// replay of a finished flight (a no-store answer served again). Errors and cancellations
			// leave it in doFinally.
			this.loaded = Mono.defer(loader).map((response) -> {
				Loaded loaded = store(key, response);
				ResponseCache.this.inFlight.remove(key, this);
				return loaded;
			}).doFinally((signal) -> ResponseCache.this.inFlight.remove(key, this)).cache();
		}

	}

}
