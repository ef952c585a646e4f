package io.fluxor.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.fluxor.metrics.ResponseCacheMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResponseCacheTests {

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final AtomicInteger calls = new AtomicInteger();

	@Test
	void concurrentMissesOfOneKeyReachTheUpstreamServerOnce() {
		Sinks.Empty<Void> release = Sinks.empty();
		TestUpstream upstream = fixture
			.upstream((request, response) -> response.sendString(release.asMono().then(Mono.just("slow body"))));
		HttpClient client = HttpClient.create().baseUrl(upstream.url());
		ResponseCache cache = new ResponseCache("slow", ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		CacheKey key = cache.key("GET", "/slow", null, (name) -> null, null);
		List<Mono<CacheLookup>> lookups = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			lookups.add(cache.lookup(key, () -> client.get().uri("/slow").responseSingle((response, body) -> body
				.asByteArray()
				.map((bytes) -> CachedResponse.of(response.status().code(), Map.of(), bytes)))));
		}
		List<CacheLookup> results = new ArrayList<>();
		Flux.merge(lookups).subscribe(results::add);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(upstream.calls()).isEqualTo(1));
		release.tryEmitEmpty();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(results).hasSize(20));
		assertThat(upstream.calls()).isEqualTo(1);
		assertThat(results).allSatisfy((lookup) -> assertThat(text(lookup.response())).isEqualTo("slow body"));
		StepVerifier.create(lookups.get(0)).assertNext((lookup) -> assertThat(lookup.result()).isEqualTo(CacheResult.HIT))
			.verifyComplete();
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void aStoredResponseIsAHitUntilTheTtlPasses() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(10)));
		CacheKey key = key(cache, "/a");
		assertThat(lookup(cache, key, ok()).result()).isEqualTo(CacheResult.MISS);
		assertThat(lookup(cache, key, ok()).result()).isEqualTo(CacheResult.HIT);
		advance(Duration.ofSeconds(11));
		assertThat(lookup(cache, key, ok()).result()).isEqualTo(CacheResult.MISS);
		assertThat(this.calls).hasValue(2);
		assertThat(cache.hits()).isEqualTo(1);
		assertThat(cache.misses()).isEqualTo(2);
		assertThat(cache.hitRatio()).isEqualTo(1.0 / 3);
		assertThat(cache.size()).isEqualTo(1);
	}

	@Test
	void theCacheHoldsNoMoreThanMaxEntriesResponses() {
		ResponseCache cache = cache(new ResponseCacheOptions(Duration.ofSeconds(60), 2, List.of(), false, Duration.ZERO));
		for (int i = 0; i < 10; i++) {
			assertThat(lookup(cache, key(cache, "/" + i), ok()).result()).isEqualTo(CacheResult.MISS);
		}
		assertThat(this.calls).hasValue(10);
		assertThat(cache.size()).as("ten responses stored, two kept").isBetween(1L, 2L);
	}

	@Test
	void maxAgeCapsTheTtl() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		CacheKey key = key(cache, "/a");
		lookup(cache, key, ok("Cache-Control", "public, max-age=5"));
		advance(Duration.ofSeconds(6));
		assertThat(lookup(cache, key, ok()).result()).isEqualTo(CacheResult.MISS);
	}

	@Test
	void aHitIsSentWithItsAgeAndTheAgeAResponseArrivedWithShortensItsFreshness() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(600)));
		CacheKey key = key(cache, "/a");
		lookup(cache, key, ok("Cache-Control", "max-age=60", "Age", "50"));
		CacheLookup hit = lookup(cache, key, ok());
		assertThat(hit.result()).isEqualTo(CacheResult.HIT);
		assertThat(hit.ageSeconds()).isEqualTo(50);
		assertThat(ageSent(hit)).isEqualTo("50");
		advance(Duration.ofMillis(9_500));
		CacheLookup older = lookup(cache, key, ok());
		assertThat(older.ageSeconds()).isEqualTo(59);
		assertThat(ageSent(older)).isEqualTo("59");
		assertThat(ageSent(hit)).as("the earlier hit keeps its own age").isEqualTo("50");
		advance(Duration.ofMillis(600));
		assertThat(lookup(cache, key, ok()).result()).as("60 s old in all").isEqualTo(CacheResult.MISS);
		CacheKey plain = key(cache, "/plain");
		lookup(cache, plain, ok());
		advance(Duration.ofSeconds(3));
		assertThat(lookup(cache, plain, ok()).ageSeconds()).isEqualTo(3);
	}

	@Test
	void aResponseAsOldAsItsMaxAgeIsNotStoredAndAnAgeThatIsNoNumberIsIgnored() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(600)));
		CacheKey spent = key(cache, "/spent");
		lookup(cache, spent, ok("Cache-Control", "max-age=60", "Age", "60"));
		assertThat(lookup(cache, spent, ok()).result()).isEqualTo(CacheResult.MISS);
		CacheKey garbled = key(cache, "/garbled");
		lookup(cache, garbled, ok("Cache-Control", "max-age=60", "Age", "-5"));
		advance(Duration.ofSeconds(59));
		CacheLookup hit = lookup(cache, garbled, ok());
		assertThat(hit.result()).isEqualTo(CacheResult.HIT);
		assertThat(hit.ageSeconds()).isEqualTo(59);
		CacheKey huge = key(cache, "/huge");
		lookup(cache, huge, ok("Cache-Control", "max-age=60", "Age", "99999999999999999999"));
		assertThat(lookup(cache, huge, ok()).result()).isEqualTo(CacheResult.MISS);
	}

	@Test
	void noStoreNoCacheNonOkAndPastExpiresAreNotStored() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusDays(1));
		List<CachedResponse> uncacheable = List.of(ok("Cache-Control", "no-store"), ok("Cache-Control", "no-cache"),
				ok("Cache-Control", "max-age=60, no-cache=\"Set-Cookie\""),
				ok("Cache-Control", "max-age=0"), ok("Expires", past), ok("Expires", "garbage"), ok("Vary", "*"),
				ok("Set-Cookie", "session=1"), CachedResponse.of(500, Map.of(), new byte[0]),
				CachedResponse.of(404, Map.of(), new byte[0]));
		for (int i = 0; i < uncacheable.size(); i++) {
			CacheKey key = key(cache, "/" + i);
			lookup(cache, key, uncacheable.get(i));
			assertThat(lookup(cache, key, uncacheable.get(i)).result()).as("%s", uncacheable.get(i))
				.isEqualTo(CacheResult.MISS);
		}
	}

	@Test
	void aRequestArrivingOnceAnUnstoredResponseWentOutLoadsAgain() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		CacheKey key = key(cache, "/no-store");
		CachedResponse noStore = ok("Cache-Control", "no-store");
		// the next request comes while the first is being answered, as a fast client's does
		CacheLookup next = cache.lookup(key, () -> Mono.fromSupplier(() -> {
			this.calls.incrementAndGet();
			return noStore;
		})).map((first) -> lookup(cache, key, noStore)).block(Duration.ofSeconds(1));
		assertThat(next.result()).isEqualTo(CacheResult.MISS);
		assertThat(this.calls).as("loads: the second request did not replay the first's").hasValue(2);
	}

	@Test
	void aFutureExpiresIsHonouredWithoutMaxAge() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		String future = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusMinutes(5));
		CacheKey key = key(cache, "/e");
		lookup(cache, key, ok("Expires", future));
		assertThat(lookup(cache, key, ok()).result()).isEqualTo(CacheResult.HIT);
	}

	@Test
	void privateResponsesAreStoredOnlyWhenTheKeyIncludesTheUser() {
		ResponseCache shared = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		CacheKey key = key(shared, "/me");
		lookup(shared, key, ok("Cache-Control", "private"));
		assertThat(lookup(shared, key, ok()).result()).isEqualTo(CacheResult.MISS);
		ResponseCache perUser = cache(
				new ResponseCacheOptions(Duration.ofSeconds(60), 100, List.of(), true, Duration.ZERO));
		CacheKey alice = perUser.key("GET", "/me", null, (name) -> null, "header:alice");
		CacheKey bob = perUser.key("GET", "/me", null, (name) -> null, "header:bob");
		lookup(perUser, alice, ok("Cache-Control", "private"));
		assertThat(lookup(perUser, alice, ok()).result()).isEqualTo(CacheResult.HIT);
		assertThat(lookup(perUser, bob, ok()).result()).as("never served to another user").isEqualTo(CacheResult.MISS);
	}

	@Test
	void aRequestWithCredentialsUsesAndFillsOnlyEntriesTheUpstreamMarkedForSharedCaches() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		CacheKey anonymous = key(cache, "/a");
		CacheKey credentialed = cache.key("GET", "/a", null, Map.of("Authorization", "Bearer alice")::get, null);
		assertThat(credentialed).isNotEqualTo(anonymous);
		assertThat(credentialed.authorized()).isTrue();
		lookup(cache, anonymous, ok());
		assertThat(lookup(cache, credentialed, ok()).result()).as("an anonymous answer is not theirs")
			.isEqualTo(CacheResult.MISS);
		assertThat(lookup(cache, credentialed, ok()).result()).as("nor is another credentialed one")
			.isEqualTo(CacheResult.MISS);
		assertThat(lookup(cache, anonymous, ok()).result()).isEqualTo(CacheResult.HIT);
		for (String marked : List.of("public, max-age=60", "s-maxage=60", "must-revalidate")) {
			CacheKey key = cache.key("GET", "/" + marked, null, Map.of("Authorization", "Bearer bob")::get, null);
			lookup(cache, key, ok("Cache-Control", marked));
			assertThat(lookup(cache, key, ok()).result()).as(marked).isEqualTo(CacheResult.HIT);
		}
		ResponseCache perUser = cache(
				new ResponseCacheOptions(Duration.ofSeconds(60), 100, List.of(), true, Duration.ZERO));
		CacheKey alice = perUser.key("GET", "/me", null, Map.of("Authorization", "Bearer alice")::get, "jwt:alice");
		assertThat(alice.authorized()).as("the user is in the key").isFalse();
		lookup(perUser, alice, ok());
		assertThat(lookup(perUser, alice, ok()).result()).isEqualTo(CacheResult.HIT);
		ResponseCache perCredential = cache(new ResponseCacheOptions(Duration.ofSeconds(60), 100,
				List.of("Authorization"), false, Duration.ZERO));
		CacheKey carol = perCredential.key("GET", "/me", null, Map.of("Authorization", "Bearer carol")::get, null);
		CacheKey dave = perCredential.key("GET", "/me", null, Map.of("Authorization", "Bearer dave")::get, null);
		assertThat(carol.authorized()).as("the credential is in the key").isFalse();
		lookup(perCredential, carol, ok("X-Who", "carol"));
		assertThat(lookup(perCredential, carol, ok()).response().header("X-Who")).isEqualTo("carol");
		assertThat(lookup(perCredential, dave, ok()).result()).isEqualTo(CacheResult.MISS);
	}

	@Test
	void aCredentialedAnswerIsNotHandedToConcurrentCredentialedWaiters() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		CacheKey alice = cache.key("GET", "/me", null, Map.of("Authorization", "Bearer alice")::get, null);
		CacheKey bob = cache.key("GET", "/me", null, Map.of("Authorization", "Bearer bob")::get, null);
		List<CacheLookup> results = lookupWhileLoading(cache, alice, ok("X-Who", "alice"), bob, ok("X-Who", "bob"));
		assertThat(this.calls).hasValue(2);
		assertThat(results).extracting((lookup) -> lookup.response().header("X-Who")).containsExactly("alice", "bob");
	}

	@Test
	void aResponseVaryingOnARequestHeaderTheKeyDoesNotHoldIsNotStored() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		List<CachedResponse> unstored = List.of(ok("Vary", "Accept-Language"), ok("Vary", "accept-encoding, Cookie"),
				ok("Vary", "Accept-Encoding", "Content-Encoding", "gzip"));
		for (int i = 0; i < unstored.size(); i++) {
			CacheKey key = key(cache, "/unstored/" + i);
			lookup(cache, key, unstored.get(i));
			assertThat(lookup(cache, key, unstored.get(i)).result()).as("%s", unstored.get(i))
				.isEqualTo(CacheResult.MISS);
		}
		CacheKey unencoded = key(cache, "/unencoded");
		lookup(cache, unencoded, ok("Vary", "Accept-Encoding"));
		assertThat(lookup(cache, unencoded, ok()).result()).as("an unencoded body suits every client")
			.isEqualTo(CacheResult.HIT);
		ResponseCache byLanguage = cache(new ResponseCacheOptions(Duration.ofSeconds(60), 100,
				List.of("Accept-Language"), false, Duration.ZERO));
		CacheKey french = byLanguage.key("GET", "/a", null, Map.of("Accept-Language", "fr")::get, null);
		lookup(byLanguage, french, ok("Vary", "accept-language"));
		assertThat(lookup(byLanguage, french, ok()).result()).as("the key holds the language")
			.isEqualTo(CacheResult.HIT);
	}

	@Test
	void aResponseVaryingOnARequestHeaderTheKeyDoesNotHoldIsNotHandedToConcurrentWaiters() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		CacheKey key = key(cache, "/greeting");
		CachedResponse french = ok("Vary", "Accept-Language", "Content-Language", "fr");
		List<CacheLookup> results = lookupWhileLoading(cache, key, french, key, ok("Content-Language", "en"));
		assertThat(this.calls).hasValue(2);
		assertThat(results.get(1).response().header("Content-Language")).isEqualTo("en");
	}

	@Test
	void aPrivateResponseIsNotHandedToConcurrentWaiters() {
		ResponseCache cache = cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		CacheKey key = key(cache, "/me");
		List<CacheLookup> results = lookupWhileLoading(cache, key, ok("Cache-Control", "private"), key,
				ok("X-Who", "second"));
		assertThat(this.calls).hasValue(2);
		assertThat(results.get(1).response().header("X-Who")).isEqualTo("second");
	}

	@Test
	void varyHeadersMethodsAndRoutesSeparateEntries() {
		ResponseCache cache = cache(
				new ResponseCacheOptions(Duration.ofSeconds(60), 100, List.of("Accept-Language"), false, Duration.ZERO));
		CacheKey french = cache.key("GET", "/a", "x=1", Map.of("Accept-Language", "fr")::get, null);
		CacheKey german = cache.key("GET", "/a", "x=1", Map.of("Accept-Language", "de")::get, null);
		CacheKey otherQuery = cache.key("GET", "/a", "x=2", Map.of("Accept-Language", "fr")::get, null);
		CacheKey head = cache.key("HEAD", "/a", "x=1", Map.of("Accept-Language", "fr")::get, null);
		lookup(cache, french, ok());
		assertThat(lookup(cache, cache.key("GET", "/a", "x=1", Map.of("Accept-Language", "fr")::get, null), ok())
			.result()).isEqualTo(CacheResult.HIT);
		assertThat(lookup(cache, german, ok()).result()).isEqualTo(CacheResult.MISS);
		assertThat(lookup(cache, otherQuery, ok()).result()).isEqualTo(CacheResult.MISS);
		assertThat(lookup(cache, head, ok()).result()).isEqualTo(CacheResult.MISS);
		ResponseCache otherRoute = new ResponseCache("other", ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		assertThat(otherRoute.key("GET", "/a", "x=1", (name) -> null, null))
			.isNotEqualTo(key(cache, "/a"));
		assertThat(ResponseCache.isCacheable("GET")).isTrue();
		assertThat(ResponseCache.isCacheable("HEAD")).isTrue();
		assertThat(ResponseCache.isCacheable("POST")).isFalse();
		assertThat(ResponseCache.isCacheable("get")).as("a method is case-sensitive: get is not GET").isFalse();
	}

	@Test
	void aResponseMarkedToRevalidateIsNeverServedStale() {
		ResponseCache cache = cache(
				new ResponseCacheOptions(Duration.ofSeconds(10), 100, List.of(), false, Duration.ofSeconds(30)));
		for (String marked : List.of("max-age=10, must-revalidate", "proxy-revalidate", "s-maxage=10")) {
			CacheKey key = key(cache, "/" + marked);
			lookup(cache, key, ok("Cache-Control", marked));
			assertThat(lookup(cache, key, ok()).result()).as(marked).isEqualTo(CacheResult.HIT);
			advance(Duration.ofSeconds(11));
			assertThat(lookup(cache, key, ok()).result()).as(marked).isEqualTo(CacheResult.MISS);
		}
	}

	@Test
	void staleWhileRevalidateServesStaleAndRefreshesOnceInTheBackground() {
		ResponseCache cache = cache(
				new ResponseCacheOptions(Duration.ofSeconds(10), 100, List.of(), false, Duration.ofSeconds(30)));
		CacheKey key = key(cache, "/s");
		lookup(cache, key, ok("X-Version", "1"));
		advance(Duration.ofSeconds(15));
		Sinks.One<CachedResponse> refreshed = Sinks.one();
		AtomicInteger refreshes = new AtomicInteger();
		for (int i = 0; i < 5; i++) {
			CacheLookup stale = cache.lookup(key, () -> Mono.defer(() -> {
				refreshes.incrementAndGet();
				return refreshed.asMono();
			})).block(Duration.ofSeconds(1));
			assertThat(stale.result()).isEqualTo(CacheResult.HIT);
			assertThat(stale.stale()).isTrue();
			assertThat(stale.response().header("X-Version")).isEqualTo("1");
		}
		assertThat(refreshes).hasValue(1);
		refreshed.tryEmitValue(ok("X-Version", "2"));
		CacheLookup fresh = lookup(cache, key, ok());
		assertThat(fresh.stale()).isFalse();
		assertThat(fresh.response().header("X-Version")).isEqualTo("2");
		advance(Duration.ofSeconds(41));
		assertThat(lookup(cache, key, ok()).result()).as("past the window").isEqualTo(CacheResult.MISS);
	}

	@Test
	void findingWithoutALoaderTakesFreshResponsesAloneAndLeavesAStaleOneUncounted() {
		ResponseCache cache = cache(
				new ResponseCacheOptions(Duration.ofSeconds(10), 100, List.of(), false, Duration.ofSeconds(30)));
		CacheKey key = key(cache, "/s");
		assertThat(cache.find(key, null)).as("nothing stored").isNull();
		lookup(cache, key, ok("X-Version", "1"));
		assertThat(cache.find(key, null).result()).isEqualTo(CacheResult.HIT);
		assertThat(cache.hits()).isEqualTo(1);
		advance(Duration.ofSeconds(15));
		assertThat(cache.find(key, null)).as("stale: left to a caller that can revalidate").isNull();
		assertThat(cache.hits()).isEqualTo(1);
		assertThat(cache.misses()).isEqualTo(1);
		assertThat(lookup(cache, key, ok()).stale()).as("still there for one").isTrue();
	}

	@Test
	void cachedResponsesAreImmutable() {
		byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
		CachedResponse response = CachedResponse.of(200, Map.of("Content-Type", List.of("text/plain")), body);
		body[0] = 'x';
		assertThat(text(response)).isEqualTo("abc");
		assertThat(response.body().isReadOnly()).isTrue();
		assertThat(response.header("content-type")).isEqualTo("text/plain");
	}

	@Test
	void hitsAndMissesAreExposedToPrometheusPerRoute() {
		ResponseCache cache = new ResponseCache("slow", ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)));
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		new ResponseCacheMetrics(cache).bindTo(registry);
		CacheKey key = key(cache, "/slow");
		lookup(cache, key, ok());
		lookup(cache, key, ok());
		lookup(cache, key, ok());
		assertThat(registry.scrape()).contains("fluxor_cache_requests_total{result=\"hit\",route=\"slow\"} 2.0")
			.contains("fluxor_cache_requests_total{result=\"miss\",route=\"slow\"} 1.0")
			.contains("fluxor_cache_size{route=\"slow\"} 1.0");
	}

	private static String ageSent(CacheLookup lookup) {
		HttpHeaders headers = new DefaultHttpHeaders();
		lookup.copyHeadersTo(headers);
		return headers.get(HttpHeaderNames.AGE);
	}

	private ResponseCache cache(ResponseCacheOptions options) {
		return new ResponseCache("route", options, this.nanos::get);
	}

	private static CacheKey key(ResponseCache cache, String path) {
		return cache.key("GET", path, null, (name) -> null, null);
	}

	private CacheLookup lookup(ResponseCache cache, CacheKey key, CachedResponse response) {
		return cache.lookup(key, () -> Mono.fromSupplier(() -> {
			this.calls.incrementAndGet();
			return response;
		})).block(Duration.ofSeconds(1));
	}

	/**
	 * Looks {@code firstKey} up with a load that answers {@code firstAnswer} only once
	 * {@code secondKey} has been looked up too, with a load of its own answering
	 * {@code secondAnswer}: the second lookup may join the first's load. Returns both results, the
	 * first lookup's first.
	 */
	private List<CacheLookup> lookupWhileLoading(ResponseCache cache, CacheKey firstKey, CachedResponse firstAnswer,
			CacheKey secondKey, CachedResponse secondAnswer) {
		Sinks.One<CachedResponse> first = Sinks.one();
		List<CacheLookup> results = new ArrayList<>();
		cache.lookup(firstKey, () -> Mono.defer(() -> {
			this.calls.incrementAndGet();
			return first.asMono();
		})).subscribe(results::add);
		cache.lookup(secondKey, () -> Mono.fromSupplier(() -> {
			this.calls.incrementAndGet();
			return secondAnswer;
		})).subscribe(results::add);
		first.tryEmitValue(firstAnswer);
		assertThat(results).hasSize(2);
		return results;
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	/** A 200 with the given headers, as name, value pairs. */
	/** A stored 200 with body {@code body} and the given header name and value pairs. */
	static CachedResponse ok(String... headerPairs) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 0; i < headerPairs.length; i += 2) {
			headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
		}
		return CachedResponse.of(200, headers, "body".getBytes(StandardCharsets.UTF_8));
	}

	private static String text(CachedResponse response) {
		return StandardCharsets.UTF_8.decode(response.body()).toString();
	}

}
