package io.fluxor.gateway.proxy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.fluxor.gateway.cache.ResponseCacheOptions;
import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.loadbalance.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class UpstreamProxyBodyTests {

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	@Test
	void eightMegabytesStreamBothWaysAndTheEchoStartsBeforeTheUploadEnds() throws Exception {
		TestUpstream echo = fixture.upstream((request, response) -> response.send(request.receive().retain()));
		// max-body-size is 1 KB: it bounds what the gateway buffers, and a proxy route buffers nothing
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(echo.url()))).build());
		byte[] chunk = new byte[64 * 1024];
		for (int i = 0; i < chunk.length; i++) {
			chunk[i] = (byte) (i * 31);
		}
		int chunks = 128;
		Sinks.Many<ByteBuf> upload = Sinks.many().unicast().onBackpressureBuffer();
		AtomicLong received = new AtomicLong();
		CRC32 crc = new CRC32();
		CountDownLatch done = new CountDownLatch(1);
		int[] status = new int[1];
		gateway.client()
			.post()
			.uri("/upload")
			.send(upload.asFlux())
			.response((response, content) -> {
				status[0] = response.status().code();
				return content.doOnNext((buf) -> {
					byte[] bytes = new byte[buf.readableBytes()];
					buf.readBytes(bytes);
					crc.update(bytes);
					received.addAndGet(bytes.length);
				});
			})
			.doFinally((signal) -> done.countDown())
			.subscribe();
		upload.tryEmitNext(Unpooled.wrappedBuffer(chunk));
		await().atMost(Duration.ofSeconds(5)).until(() -> received.get() > 0);
		for (int i = 1; i < chunks; i++) {
			upload.tryEmitNext(Unpooled.wrappedBuffer(chunk));
		}
		upload.tryEmitComplete();
		assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
		CRC32 expected = new CRC32();
		for (int i = 0; i < chunks; i++) {
			expected.update(chunk);
		}
		assertThat(status[0]).isEqualTo(200);
		assertThat(received.get()).isEqualTo((long) chunk.length * chunks);
		assertThat(crc.getValue()).isEqualTo(expected.getValue());
	}

	@Test
	void aSmallBodyCutShortBeforeTheClientGotItsHeadersIsABadGateway() throws Exception {
		// 7 of the 100 bytes declared, then the connection closes: the gateway, which collects a small
		// body before it sends the headers, can still answer with a status
		try (ServerSocket cutting = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
				try (Socket socket = cutting.accept()) {
					socket.setSoTimeout(10_000);
					InputStream in = socket.getInputStream();
					StringBuilder head = new StringBuilder();
					int c;
					while (head.indexOf("\r\n\r\n") < 0 && (c = in.read()) != -1) {
						head.append((char) c);
					}
					socket.getOutputStream()
						.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial".getBytes(StandardCharsets.ISO_8859_1));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			TestGateway gateway = fixture.gateway("/**",
					ProxyOptions.builder(List.of(Upstream.of("http://127.0.0.1:" + cutting.getLocalPort()))).build());
			TestGateway.Response response = gateway.get("/");
			assertThat(response.status()).isEqualTo(502);
			assertThat(response.body()).isEqualTo("Bad Gateway");
			answered.get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void aSmallBodyThatStallsPastTheResponseTimeoutBeforeTheClientGotItsHeadersIsAGatewayTimeout() {
		TestUpstream stalling = fixture.upstream((request, response) -> response.header("Content-Length", "100")
			.sendString(Flux.just("partial").concatWith(Flux.never())));
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(stalling.url())))
			.timeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
			.build());
		TestGateway.Response response = gateway.get("/");
		assertThat(response.status()).isEqualTo(504);
		assertThat(response.body()).isEqualTo("Gateway Timeout");
	}

	@Test
	void aCachedRouteAnswersTheSecondRequestFromTheCache() {
		TestUpstream upstream = fixture.upstream((request, response) -> response
			.header("Cache-Control", request.uri().contains("no-store") ? "no-store" : "max-age=60")
			.header("Age", request.uri().contains("aged") ? "30" : "0")
			.sendString(Mono.just("body " + request.uri())));
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)))
			.build());
		TestGateway.Response first = gateway.get("/a?x=1");
		TestGateway.Response second = gateway.get("/a?x=1");
		assertThat(first.headers().get("X-Cache")).isEqualTo("MISS");
		assertThat(second.headers().get("X-Cache")).isEqualTo("HIT");
		assertThat(second.body()).isEqualTo("body /a?x=1");
		assertThat(second.headers().get("Cache-Control")).isEqualTo("max-age=60");
		assertThat(second.headers().getAll("Age")).as("the time stored, in place of the upstream's Age")
			.singleElement()
			.satisfies((age) -> assertThat(Integer.parseInt(age)).isBetween(0, 10));
		assertThat(upstream.calls()).isEqualTo(1);
		assertThat(gateway.get("/aged").headers().get("Age")).as("a miss goes out as the upstream sent it")
			.isEqualTo("30");
		assertThat(Integer.parseInt(gateway.get("/aged").headers().get("Age"))).as("a hit adds its time stored")
			.isBetween(30, 40);
		assertThat(upstream.calls()).isEqualTo(2);
		assertThat(gateway.get("/a?x=2").headers().get("X-Cache")).as("another query is another key").isEqualTo("MISS");
		assertThat(gateway.get("/no-store").headers().get("X-Cache")).isEqualTo("MISS");
		assertThat(gateway.get("/no-store").headers().get("X-Cache")).isEqualTo("MISS");
		assertThat(gateway.request(HttpMethod.POST, "/a?x=1", "p", (headers) -> {
		}).headers().get("X-Cache")).as("POST bypasses the cache").isNull();
		assertThat(gateway.request(HttpMethod.valueOf("get"), "/a?x=1", null, (headers) -> {
		}).headers().get("X-Cache")).as("a method is case-sensitive: get is not GET and bypasses the cache").isNull();
		assertThat(upstream.calls()).isEqualTo(7);
		for (int i = 0; i < 2; i++) {
			assertThat(gateway.request(HttpMethod.GET, "/a?x=1", null, (headers) -> headers.set("Authorization", "Bearer t"))
				.headers()
				.get("X-Cache")).as("a request with credentials is not answered from a shared entry").isEqualTo("MISS");
		}
		assertThat(upstream.calls()).isEqualTo(9);
	}

	@Test
	void onlyA200IsStoredSoOtherSuccessfulAnswersReachTheUpstreamEveryTime() {
		// the status is the path's last segment; each answer would be stored if it were a 200
		TestUpstream upstream = fixture.upstream((request, response) -> {
			int status = Integer.parseInt(request.uri().substring(request.uri().lastIndexOf('/') + 1));
			response.status(status).header("Cache-Control", "public, max-age=60");
			if (status == 204) {
				return request.receive().then(response.send());
			}
			if (status == 206) {
				response.header("Content-Range", "bytes 0-5/12");
			}
			return request.receive().then(response.sendString(Mono.just("status")).then());
		});
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)))
			.build());
		assertThat(gateway.get("/s/200").headers().get("X-Cache")).isEqualTo("MISS");
		assertThat(gateway.get("/s/200").headers().get("X-Cache")).as("the route stores a 200").isEqualTo("HIT");
		assertThat(upstream.calls()).isEqualTo(1);
		int calls = 1;
		for (int status : List.of(201, 203, 204, 206)) {
			for (int i = 0; i < 2; i++) {
				TestGateway.Response response = gateway.get("/s/" + status);
				assertThat(response.status()).isEqualTo(status);
				assertThat(response.headers().get("X-Cache")).as("request %d for a %d", i + 1, status)
					.isEqualTo("MISS");
				assertThat(upstream.calls()).as("request %d for a %d reaches the upstream", i + 1, status)
					.isEqualTo(++calls);
			}
		}
		assertThat(gateway.proxy(0).cache().size()).as("the 200 alone").isEqualTo(1);
	}

	@Test
	void aCacheLoadAsksForAnUnencodedBodySoThatEveryClientCanReadTheHit() {
		List<String> encodingsAsked = new CopyOnWriteArrayList<>();
		TestUpstream upstream = fixture.upstream((request, response) -> {
			String accepted = request.requestHeaders().get("Accept-Encoding", "");
			encodingsAsked.add(accepted);
			response.header("Cache-Control", "max-age=60").header("Vary", "Accept-Encoding");
			if (accepted.contains("gzip")) {
				return response.header("Content-Encoding", "gzip").sendByteArray(Mono.just(gzip("plain text")));
			}
			return response.sendString(Mono.just("plain text"));
		});
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)))
			.build());
		TestGateway.Response gzipClient = gateway.request(HttpMethod.GET, "/text", null,
				(headers) -> headers.set("Accept-Encoding", "gzip"));
		TestGateway.Response plainClient = gateway.get("/text");
		assertThat(gzipClient.headers().get("X-Cache")).isEqualTo("MISS");
		assertThat(gzipClient.body()).isEqualTo("plain text");
		assertThat(plainClient.headers().get("X-Cache")).isEqualTo("HIT");
		assertThat(plainClient.headers().contains("Content-Encoding")).isFalse();
		assertThat(plainClient.body()).isEqualTo("plain text");
		assertThat(encodingsAsked).containsExactly("identity");
	}

	@Test
	void aClientHoldingTheCachedRepresentationGetsNotModifiedAndLoadsCarryNoPrecondition() {
		List<String> preconditionsSeen = new CopyOnWriteArrayList<>();
		TestUpstream upstream = fixture.upstream((request, response) -> {
			preconditionsSeen.add(request.requestHeaders().get("If-None-Match", "-") + " "
					+ request.requestHeaders().get("Range", "-"));
			if (request.requestHeaders().contains("If-None-Match")) {
				return response.status(304).header("ETag", "\"v1\"").send();
			}
			return response.header("Cache-Control", "max-age=60")
				.header("ETag", "\"v1\"")
				.header("Content-Type", "text/plain")
				.sendString(Mono.just("version one"));
		});
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)))
			.build());
		TestGateway.Response missHeld = gateway.request(HttpMethod.GET, "/doc", null, (headers) -> headers
			.set("If-None-Match", "\"v1\"")
			.set("Range", "bytes=0-3"));
		assertThat(missHeld.status()).isEqualTo(304);
		assertThat(missHeld.headers().get("X-Cache")).isEqualTo("MISS");
		assertThat(missHeld.bytes()).isEmpty();
		assertThat(preconditionsSeen).as("the load asks for the whole representation").containsExactly("- -");
		TestGateway.Response full = gateway.get("/doc");
		assertThat(full.status()).isEqualTo(200);
		assertThat(full.headers().get("X-Cache")).isEqualTo("HIT");
		assertThat(full.body()).isEqualTo("version one");
		TestGateway.Response held = gateway.request(HttpMethod.GET, "/doc", null,
				(headers) -> headers.set("If-None-Match", "W/\"v0\", W/\"v1\""));
		assertThat(held.status()).isEqualTo(304);
		assertThat(held.headers().get("X-Cache")).isEqualTo("HIT");
		assertThat(held.headers().get("ETag")).isEqualTo("\"v1\"");
		assertThat(held.headers().get("Cache-Control")).isEqualTo("max-age=60");
		assertThat(held.headers().contains("Content-Type")).isFalse();
		assertThat(held.bytes()).isEmpty();
		TestGateway.Response outdated = gateway.request(HttpMethod.GET, "/doc", null,
				(headers) -> headers.set("If-None-Match", "\"v0\""));
		assertThat(outdated.status()).isEqualTo(200);
		assertThat(outdated.body()).isEqualTo("version one");
		assertThat(gateway.get("/doc").body()).as("the connection serves on after a 304").isEqualTo("version one");
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void cacheHitsFreeTheirPermitAndAHeadHitSendsTheHeadersAlone() {
		TestUpstream upstream = fixture.upstream((request, response) -> response.header("Cache-Control", "max-age=60")
			.sendString(Mono.just("cached body")));
		// one permit and a queue of one: the next request may wait for a permit still being freed
		// after its answer went out, but a hit that kept its permit would leave it a 503
		TestGateway gateway = fixture.gateway()
			.options(TestGateway.OPTIONS.withCcu(2, 50, Duration.ofSeconds(2)))
			.route("r", "/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
				.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)))
				.build())
			.start();
		assertThat(gateway.get("/a").headers().get("X-Cache")).isEqualTo("MISS");
		for (int i = 0; i < 5; i++) {
			TestGateway.Response hit = gateway.get("/a");
			assertThat(hit.status()).isEqualTo(200);
			assertThat(hit.headers().get("X-Cache")).isEqualTo("HIT");
			assertThat(hit.headers().get("Content-Length")).isEqualTo("11");
			assertThat(hit.headers().contains("Transfer-Encoding")).isFalse();
			assertThat(hit.body()).isEqualTo("cached body");
		}
		assertThat(gateway.request(HttpMethod.HEAD, "/a", null, (headers) -> {
		}).headers().get("X-Cache")).isEqualTo("MISS");
		TestGateway.Response head = gateway.request(HttpMethod.HEAD, "/a", null, (headers) -> {
		});
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.headers().get("X-Cache")).isEqualTo("HIT");
		assertThat(head.bytes()).isEmpty();
		assertThat(gateway.get("/a").headers().get("X-Cache")).isEqualTo("HIT");
		assertThat(upstream.calls()).isEqualTo(2);
	}

	@Test
	void aVaryHeaderThatAFilterSetIsKeyedByTheValueTheUpstreamGets() {
		TestUpstream upstream = fixture.upstream((request, response) -> response.header("Cache-Control", "max-age=60")
			.sendString(Mono.just("data of " + request.requestHeaders().get("X-User-Id"))));
		// stands for the JWT filter forwarding a verified claim in place of whatever the client sent
		GatewayFilter identity = (exchange, chain) -> chain.next(exchange.withRequest(
				exchange.request().withHeaders(Map.of("X-User-Id", exchange.request().header("X-Session")))));
		TestGateway gateway = fixture.gateway()
			.filters(identity)
			.route("r", "/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
				.cache(new ResponseCacheOptions(Duration.ofSeconds(60), 100, List.of("X-User-Id"), false, Duration.ZERO))
				.build())
			.start();
		TestGateway.Response alice = gateway.request(HttpMethod.GET, "/me", null,
				(headers) -> headers.set("X-Session", "alice"));
		TestGateway.Response bob = gateway.request(HttpMethod.GET, "/me", null,
				(headers) -> headers.set("X-Session", "bob"));
		TestGateway.Response spoofed = gateway.request(HttpMethod.GET, "/me", null,
				(headers) -> headers.set("X-Session", "mallory").set("X-User-Id", "alice"));
		assertThat(alice.body()).isEqualTo("data of alice");
		assertThat(bob.body()).isEqualTo("data of bob");
		assertThat(bob.headers().get("X-Cache")).isEqualTo("MISS");
		assertThat(spoofed.body()).isEqualTo("data of mallory");
		assertThat(gateway.request(HttpMethod.GET, "/me", null, (headers) -> headers.set("X-Session", "alice"))
			.headers()
			.get("X-Cache")).isEqualTo("HIT");
		assertThat(upstream.calls()).isEqualTo(3);
	}

	@Test
	void aProxysCacheThatWouldVaryByUserIsRefusedWhenBuiltNotFailedOnEveryRequest() {
		// the proxy has no user key to give the cache: each GET used to end in a NullPointerException (500)
		ResponseCacheOptions byUser = new ResponseCacheOptions(Duration.ofSeconds(60), 100, List.of(), true,
				Duration.ZERO);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ProxyOptions.builder(List.of(Upstream.of("http://127.0.0.1:1"))).cache(byUser))
			.withMessageContaining("cannot vary by user")
			.withMessageContaining("vary");
	}

	@Test
	void concurrentMissesOfOneKeyAreCoalescedIntoOneUpstreamRequest() {
		Sinks.Empty<Void> release = Sinks.empty();
		TestUpstream upstream = fixture.upstream(
				(request, response) -> release.asMono().then(response.sendString(Mono.just("shared")).then()));
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)))
			.build());
		int clients = 8;
		Flux<TestGateway.Response> responses = Flux.range(0, clients)
			.flatMap((i) -> Mono.fromCallable(() -> gateway.get("/hot"))
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), clients)
			.cache();
		responses.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> gateway.proxy(0).cache().misses() == clients);
		release.tryEmitEmpty();
		List<TestGateway.Response> all = responses.collectList().block(TestGateway.TIMEOUT);
		assertThat(all).hasSize(clients).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("shared");
			assertThat(response.headers().get("X-Cache")).isEqualTo("MISS");
		});
		assertThat(upstream.calls()).isEqualTo(1);
	}

	@Test
	void responsesAreGzippedAtTheRoutesLevelForClientsThatAcceptIt() throws IOException {
		String large = "fluxor ".repeat(3000);
		TestUpstream upstream = fixture.upstream((request, response) -> response
			.sendString(Mono.just(request.uri().contains("small") ? "tiny" : large)));
		TestGateway gateway = fixture.gateway()
			.route("fast", "/fast/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
				.compression(new CompressionOptions(1, 1024))
				.build())
			.route("best", "/best/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
				.compression(new CompressionOptions(9, 1024))
				.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)))
				.build())
			.start();
		TestGateway.Response fast = gateway.request(HttpMethod.GET, "/fast/x", null,
				(headers) -> headers.set("Accept-Encoding", "gzip, deflate"));
		assertThat(fast.headers().get("Content-Encoding")).isEqualTo("gzip");
		assertThat(fast.headers().get("Vary")).containsIgnoringCase("accept-encoding");
		assertThat(gunzip(fast.bytes())).isEqualTo(large);
		TestGateway.Response best = null;
		for (int i = 0; i < 2; i++) {
			best = gateway.request(HttpMethod.GET, "/best/x", null, (headers) -> headers.set("Accept-Encoding", "gzip"));
			assertThat(best.headers().get("Content-Encoding")).isEqualTo("gzip");
			assertThat(gunzip(best.bytes())).isEqualTo(large);
		}
		assertThat(best.headers().get("X-Cache")).isEqualTo("HIT");
		assertThat(best.bytes().length).as("level 9 beats level 1").isLessThanOrEqualTo(fast.bytes().length);
		TestGateway.Response plain = gateway.get("/fast/x");
		assertThat(plain.headers().get("Content-Encoding")).isNull();
		assertThat(plain.body()).isEqualTo(large);
		TestGateway.Response small = gateway.request(HttpMethod.GET, "/fast/small", null,
				(headers) -> headers.set("Accept-Encoding", "gzip"));
		assertThat(small.headers().get("Content-Encoding")).as("under min-size").isNull();
		assertThat(small.body()).isEqualTo("tiny");
	}

	@Test
	void streamedAndCachedResponsesAreEachGzippedAtTheirRoutesLevel() throws IOException {
		String text = new String(GzipEncoderTests.words(64 * 1024), StandardCharsets.UTF_8);
		TestUpstream upstream = fixture.upstream((request, response) -> response.sendString(Mono.just(text)));
		TestGateway gateway = fixture.gateway()
			.route("streamed-fast", "/streamed/fast/**", gzipped(upstream, 1, false))
			.route("streamed-best", "/streamed/best/**", gzipped(upstream, 9, false))
			.route("cached-fast", "/cached/fast/**", gzipped(upstream, 1, true))
			.route("cached-best", "/cached/best/**", gzipped(upstream, 9, true))
			.start();
		for (String path : List.of("/streamed", "/cached")) {
			byte[] fast = gzippedBody(gateway, path + "/fast/x");
			byte[] best = gzippedBody(gateway, path + "/best/x");
			assertThat(gunzip(fast)).as(path).isEqualTo(text);
			assertThat(gunzip(best)).as(path).isEqualTo(text);
			// level 1 leaves this text a third larger than level 9 does, and level 6 about as small as 9
			assertThat((double) fast.length).as(path + ": level 1 against level 9").isGreaterThan(best.length * 1.2);
		}
	}

	private static ProxyOptions gzipped(TestUpstream upstream, int level, boolean cached) {
		ProxyOptions.Builder builder = ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.compression(new CompressionOptions(level, 1024));
		return (cached ? builder.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60))) : builder).build();
	}

	private static byte[] gzippedBody(TestGateway gateway, String uri) {
		TestGateway.Response response = gateway.request(HttpMethod.GET, uri, null,
				(headers) -> headers.set("Accept-Encoding", "gzip"));
		assertThat(response.status()).as(uri).isEqualTo(200);
		assertThat(response.headers().get("Content-Encoding")).as(uri).isEqualTo("gzip");
		return response.bytes();
	}

	@Test
	void gzipGoesOnlyToClientsWhoseAcceptEncodingGivesItAWeightAboveZero() throws IOException {
		String large = "fluxor ".repeat(3000);
		TestUpstream upstream = fixture.upstream((request, response) -> response.sendString(Mono.just(large)));
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.compression(new CompressionOptions(1, 1024))
			.build());
		for (String refused : List.of("gzip; q=0", "gzip ;q=0.0", "GZIP;Q=0", "br, gzip;q=0, deflate", "*;q=0",
				"identity", "gzip;q=0, *")) {
			TestGateway.Response response = gateway.request(HttpMethod.GET, "/x", null,
					(headers) -> headers.set("Accept-Encoding", refused));
			assertThat(response.headers().get("Content-Encoding")).as(refused).isNull();
			assertThat(response.body()).as(refused).isEqualTo(large);
		}
		for (String accepted : List.of("gzip", "GZip", "gzip;q=0.5", "gzip; q=1.0", "br;q=1, gzip;q=0.8", "*",
				"x-gzip", "deflate, *;q=0.1")) {
			TestGateway.Response response = gateway.request(HttpMethod.GET, "/x", null,
					(headers) -> headers.set("Accept-Encoding", accepted));
			assertThat(response.headers().get("Content-Encoding")).as(accepted).isEqualTo("gzip");
			assertThat(gunzip(response.bytes())).as(accepted).isEqualTo(large);
		}
	}

	@Test
	void aResponseMarkedNoTransformIsNeverGzippedStreamedOrCached() {
		String large = "fluxor ".repeat(3000);
		TestUpstream upstream = fixture.upstream((request, response) -> response
			.header("Cache-Control", "public, max-age=60, No-Transform")
			.sendString(Mono.just(large)));
		TestGateway gateway = streamedAndCachedGzipRoutes(upstream);
		for (String uri : List.of("/streamed/x", "/cached/x", "/cached/x")) {
			TestGateway.Response response = gateway.request(HttpMethod.GET, uri, null,
					(headers) -> headers.set("Accept-Encoding", "gzip"));
			assertThat(response.headers().get("Content-Encoding")).as(uri).isNull();
			assertThat(response.body()).as(uri).isEqualTo(large);
		}
	}

	/** A gateway with two gzip routes (level 1, from 1 KB) to the upstream: /streamed/** and /cached/**. */
	private static TestGateway streamedAndCachedGzipRoutes(TestUpstream upstream) {
		return fixture.gateway()
			.route("streamed", "/streamed/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
				.compression(new CompressionOptions(1, 1024))
				.build())
			.route("cached", "/cached/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
				.compression(new CompressionOptions(1, 1024))
				.cache(ResponseCacheOptions.ofTtl(Duration.ofSeconds(60)))
				.build())
			.start();
	}

	@Test
	void aStrongEntityTagBecomesWeakWhenTheGatewayGzipsTheBody() {
		String large = "fluxor ".repeat(3000);
		TestUpstream upstream = fixture.upstream((request, response) -> response.header("ETag", "\"v1\"")
			.header("Cache-Control", "max-age=60")
			.sendString(Mono.just(large)));
		TestGateway gateway = streamedAndCachedGzipRoutes(upstream);
		// RFC 9110 §8.8.3: the strong tag names the unencoded bytes; the gzipped ones are another representation
		for (String uri : List.of("/streamed/x", "/cached/x", "/cached/x")) {
			TestGateway.Response gzipped = gateway.request(HttpMethod.GET, uri, null,
					(headers) -> headers.set("Accept-Encoding", "gzip"));
			assertThat(gzipped.headers().get("Content-Encoding")).as(uri).isEqualTo("gzip");
			assertThat(gzipped.headers().get("ETag")).as(uri).isEqualTo("W/\"v1\"");
			TestGateway.Response plain = gateway.get(uri);
			assertThat(plain.headers().get("Content-Encoding")).as(uri).isNull();
			assertThat(plain.headers().get("ETag")).as(uri).isEqualTo("\"v1\"");
		}
	}

	@Test
	void aPartialResponseIsNotGzippedSinceItsContentRangeCountsTheRepresentationsBytes() {
		String part = "fluxor ".repeat(3000);
		TestUpstream upstream = fixture.upstream((request, response) -> response.status(206)
			.header("Content-Range", "bytes 1000-" + (1000 + part.length() - 1) + "/100000")
			.sendString(Mono.just(part)));
		TestGateway gateway = fixture.gateway("/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url())))
			.compression(new CompressionOptions(1, 1024))
			.build());
		TestGateway.Response response = gateway.request(HttpMethod.GET, "/file", null,
				(headers) -> headers.set("Accept-Encoding", "gzip").set("Range", "bytes=1000-"));
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.headers().get("Content-Encoding")).isNull();
		assertThat(response.body()).isEqualTo(part);
	}

	private static byte[] gzip(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static String gunzip(byte[] bytes) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
