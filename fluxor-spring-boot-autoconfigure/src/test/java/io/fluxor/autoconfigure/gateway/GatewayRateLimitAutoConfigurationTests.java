package io.fluxor.autoconfigure.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.fluxor.autoconfigure.gateway.GatewayTestClient.Response;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.filter.RateLimitFilter;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.fluxor.gateway.ratelimit.TrustedProxies;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteRegistry;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayRateLimitAutoConfigurationTests {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

	private static final String ROUTE = "fluxor.gateway.routes[0].";

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GatewaySecurityAutoConfiguration.class,
				GatewayRateLimitAutoConfiguration.class, GatewayAutoConfiguration.class))
		.withPropertyValues("fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=0", ROUTE + "id=api",
				ROUTE + "path=/api", ROUTE + "handler=hello", "fluxor.gateway.routes[1].id=open",
				"fluxor.gateway.routes[1].path=/open", "fluxor.gateway.routes[1].handler=hello")
		.withBean("hello", GatewayHandler.class, () -> (request) -> Mono.just(HttpResponseMessage.ok("hello")))
		.withBean(MeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

	@Test
	void aBurstOverTheRouteCapacityIsAnswered429WithRetryAfterAndRateLimitHeaders() {
		this.contextRunner
			.withPropertyValues(ROUTE + "rate-limit.route.capacity=3", ROUTE + "rate-limit.route.refill-tokens=1",
					ROUTE + "rate-limit.route.refill-period=1h")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				for (int remaining = 2; remaining >= 0; remaining--) {
					Response allowed = client.get("/api");
					assertThat(allowed.status()).isEqualTo(200);
					assertThat(allowed.body()).isEqualTo("hello");
					assertThat(allowed.header("X-RateLimit-Limit")).isEqualTo("3");
					assertThat(allowed.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
					assertThat(allowed.header("X-RateLimit-Reset")).isNotNull();
					assertThat(allowed.header("Retry-After")).isNull();
				}
				Response rejected = client.get("/api");
				assertThat(rejected.status()).isEqualTo(429);
				assertThat(rejected.header("X-RateLimit-Limit")).isEqualTo("3");
				assertThat(rejected.header("X-RateLimit-Remaining")).isEqualTo("0");
				assertThat(Long.parseLong(rejected.header("X-RateLimit-Reset"))).isBetween(3000L, 3 * 3600L);
				assertThat(Long.parseLong(rejected.header("Retry-After"))).isBetween(1L, 3600L);
				Response open = client.get("/open");
				assertThat(open.status()).as("a route without rate-limit is not limited").isEqualTo(200);
				assertThat(open.header("X-RateLimit-Limit")).isNull();
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).contains("fluxor_ratelimit_rejected_total{route=\"api\",scope=\"route\"} 1.0");
				assertThat(scrape).doesNotContain("scope=\"user\"");
			});
	}

	@Test
	void proxiedAnswersAndCacheHitsCarryTheRateLimitHeadersOverTheUpstreamsOwn() {
		TestUpstream upstream = fixture.upstream((request, response) -> response.header("X-RateLimit-Limit", "999")
			.header("X-Upstream", "yes")
			.sendString(reactor.core.publisher.Mono.just("upstream")));
		this.contextRunner
			.withPropertyValues(ROUTE + "handler=", ROUTE + "upstreams[0].url=" + upstream.url(),
					ROUTE + "rate-limit.route.capacity=5", ROUTE + "rate-limit.route.refill-tokens=1",
					ROUTE + "rate-limit.route.refill-period=1h", "fluxor.gateway.routes[1].path=/cached",
					"fluxor.gateway.routes[1].handler=", "fluxor.gateway.routes[1].upstreams[0].url=" + upstream.url(),
					"fluxor.gateway.routes[1].cache.ttl=1h", "fluxor.gateway.routes[1].rate-limit.route.capacity=5",
					"fluxor.gateway.routes[1].rate-limit.route.refill-tokens=1",
					"fluxor.gateway.routes[1].rate-limit.route.refill-period=1h")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				Response proxied = client.get("/api");
				assertThat(proxied.body()).isEqualTo("upstream");
				assertThat(proxied.header("X-Upstream")).isEqualTo("yes");
				assertThat(proxied.header("X-RateLimit-Limit")).isEqualTo("5");
				assertThat(proxied.header("X-RateLimit-Remaining")).isEqualTo("4");
				assertThat(client.get("/cached").header("X-Cache")).isEqualTo("MISS");
				Response hit = client.get("/cached");
				assertThat(hit.header("X-Cache")).isEqualTo("HIT");
				assertThat(hit.header("X-Upstream")).isEqualTo("yes");
				assertThat(hit.header("X-RateLimit-Limit")).isEqualTo("5");
				assertThat(hit.header("X-RateLimit-Remaining")).isEqualTo("3");
			});
	}

	@Test
	void aUserOverTheirLimitDoesNotLimitAnotherUser() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.rate-limit.user.key-sources=header:X-User-ID,ip",
					"fluxor.gateway.rate-limit.user.refill-period=1h", ROUTE + "rate-limit.user.capacity=2",
					ROUTE + "rate-limit.user.refill-tokens=1")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				Map<String, String> alice = Map.of("X-User-ID", "alice");
				assertThat(client.get("/api", alice).status()).isEqualTo(200);
				assertThat(client.get("/api", alice).status()).isEqualTo(200);
				Response limited = client.get("/api", alice);
				assertThat(limited.status()).isEqualTo(429);
				assertThat(limited.header("Retry-After")).isNotNull();
				Response bob = client.get("/api", Map.of("X-User-ID", "bob"));
				assertThat(bob.status()).isEqualTo(200);
				assertThat(bob.header("X-RateLimit-Remaining")).isEqualTo("1");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("fluxor.ratelimit.rejected").tag("route", "api").tag("scope", "user")
					.counter().count()).isEqualTo(1);
			});
	}

	@Test
	void aCookieKeySourceFindsItsCookieInAnyOfSeveralCookieHeaders() {
		this.contextRunner
			.withPropertyValues(ROUTE + "rate-limit.user.key-sources=cookie:user", ROUTE + "rate-limit.user.capacity=1",
					ROUTE + "rate-limit.user.refill-period=1h")
			.run((context) -> {
				GatewayServer server = context.getBean(GatewayServer.class);
				assertThat(withCookies(server, "theme=dark", "user=alice").status()).isEqualTo(200);
				assertThat(withCookies(server, "theme=dark", "user=bob").status()).as("bob's own bucket").isEqualTo(200);
				assertThat(withCookies(server, "user=alice", "theme=dark").status()).as("alice's bucket").isEqualTo(429);
			});
	}

	@Test
	void aCopyOfARouteWithAnotherTargetKeepsItsAuthenticationAndItsRouteAndUserBuckets() {
		TestUpstream upstream = fixture.text("upstream");
		this.contextRunner
			.withPropertyValues("fluxor.gateway.jwt.hmac-secret=" + SECRET, ROUTE + "authentication.required=true",
					ROUTE + "rate-limit.route.capacity=3", ROUTE + "rate-limit.route.refill-period=1h",
					ROUTE + "rate-limit.user.capacity=1", ROUTE + "rate-limit.user.refill-period=1h",
					ROUTE + "rate-limit.user.key-sources=jwt:sub")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).body()).isEqualTo("hello");
				RouteRegistry routes = context.getBean(RouteRegistry.class);
				Route toUpstream = context.getBean(ConfiguredRoutes.class)
					.route("api", Map.of("path", "/api", "upstreams", List.of(Map.of("url", upstream.url()))));
				routes.update(routes.route("api").orElseThrow().withTarget(toUpstream.target()));
				assertThat(client.get("/api").status()).isEqualTo(401);
				assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).status()).as("alice's bucket").isEqualTo(429);
				assertThat(client.get("/api", bearer(hs256(claims("bob"), SECRET))).body()).isEqualTo("upstream");
				assertThat(client.get("/api", bearer(hs256(claims("carol"), SECRET))).status()).isEqualTo(200);
				assertThat(client.get("/api", bearer(hs256(claims("dave"), SECRET))).status()).as("the route's bucket").isEqualTo(429);
				assertThat(upstream.calls()).isEqualTo(2);
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).contains("fluxor_ratelimit_rejected_total{route=\"api\",scope=\"user\"} 1.0",
						"fluxor_ratelimit_rejected_total{route=\"api\",scope=\"route\"} 1.0",
						"fluxor_auth_rejected_total{reason=\"missing\",route=\"api\"} 1.0");
			});
	}

	@Test
	void aRouteReplacedByADefinitionWithoutTheSectionsLosesItsPoliciesAndTheirSeries() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.jwt.hmac-secret=" + SECRET, ROUTE + "authentication.required=true",
					ROUTE + "rate-limit.route.capacity=1", ROUTE + "rate-limit.route.refill-period=1h")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				assertThat(client.get("/api").status()).isEqualTo(401);
				assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).status()).isEqualTo(200);
				assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).status()).isEqualTo(429);
				context.getBean(RouteRegistry.class)
					.update(context.getBean(ConfiguredRoutes.class).route("api", Map.of("path", "/api", "handler", "hello")));
				Response open = client.get("/api");
				assertThat(open.status()).isEqualTo(200);
				assertThat(open.header("X-RateLimit-Limit")).isNull();
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).doesNotContain("fluxor_ratelimit_rejected_total{route=\"api\"")
					.doesNotContain("fluxor_auth_rejected_total{reason=\"missing\",route=\"api\"}");
			});
	}

	@Test
	void withoutTheUserHeaderTheClientAddressIsTheKey() {
		this.contextRunner
			.withPropertyValues(ROUTE + "rate-limit.user.key-sources=header:X-User-ID,ip",
					ROUTE + "rate-limit.user.capacity=2", ROUTE + "rate-limit.user.refill-period=1h")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				assertThat(client.get("/api").status()).isEqualTo(200);
				assertThat(client.get("/api", Map.of("X-User-ID", " ")).status()).isEqualTo(200);
				assertThat(client.get("/api").status()).as("both anonymous requests shared the bucket of 127.0.0.1")
					.isEqualTo(429);
				assertThat(client.get("/api", Map.of("X-User-ID", "carol")).status()).isEqualTo(200);
			});
	}

	@Test
	void aFormFieldIsTheKeyTheFormStillReachesTheHandlerAndAMalformedFormFallsBackToTheAddress() {
		this.contextRunner
			.withBean("echoBody", GatewayHandler.class,
					() -> (request) -> Mono.just(HttpResponseMessage.ok(request.bodyAsString())))
			.withPropertyValues(ROUTE + "handler=echoBody", ROUTE + "methods=POST",
					ROUTE + "rate-limit.user.key-sources=form:user,ip", ROUTE + "rate-limit.user.capacity=1",
					ROUTE + "rate-limit.user.refill-period=1h")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				Response alice = client.postForm("/api", "user=alice&item=1");
				assertThat(alice.status()).isEqualTo(200);
				assertThat(alice.body()).as("the form read for the key reaches the handler").isEqualTo("user=alice&item=1");
				assertThat(client.postForm("/api", "user=alice&item=2").status()).isEqualTo(429);
				Response malformed = client.postForm("/api", "user=%zz");
				assertThat(malformed.status()).as("no key in the form: the address bucket").isEqualTo(200);
				assertThat(malformed.body()).isEqualTo("user=%zz");
				assertThat(client.postForm("/api", "user=%zz").status()).isEqualTo(429);
			});
	}

	@Test
	void forwardedForFromAnUntrustedPeerIsIgnoredAndTheLimitAppliesToThePeer() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.trusted-proxies=10.0.0.0/8", ROUTE + "rate-limit.user.capacity=2",
					ROUTE + "rate-limit.user.refill-period=1h")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				assertThat(client.get("/api", Map.of("X-Forwarded-For", "203.0.113.1")).status()).isEqualTo(200);
				assertThat(client.get("/api", Map.of("X-Forwarded-For", "203.0.113.2")).status()).isEqualTo(200);
				assertThat(client.get("/api", Map.of("X-Forwarded-For", "203.0.113.3")).status()).isEqualTo(429);
			});
	}

	@Test
	void forwardedForFromATrustedProxyNamesTheClient() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.trusted-proxies=127.0.0.1/32", ROUTE + "rate-limit.user.capacity=1",
					ROUTE + "rate-limit.user.refill-period=1h")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				Map<String, String> first = Map.of("X-Forwarded-For", "203.0.113.1");
				assertThat(client.get("/api", first).status()).isEqualTo(200);
				assertThat(client.get("/api", first).status()).isEqualTo(429);
				assertThat(client.get("/api", Map.of("X-Forwarded-For", "203.0.113.2")).status()).isEqualTo(200);
				assertThat(client.get("/api", Map.of("X-Forwarded-For", "198.51.100.9, 203.0.113.1")).status())
					.as("a client-written hop left of the real client changes nothing")
					.isEqualTo(429);
			});
	}

	@Test
	void aForgedJwtGivesNoIdentityAndFallsBackToTheAddress() throws Exception {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.jwt.hmac-secret=" + SECRET, ROUTE + "rate-limit.user.key-sources=jwt:sub",
					ROUTE + "rate-limit.user.capacity=1", ROUTE + "rate-limit.user.refill-period=1h")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				JWTClaimsSet mallory = claims("mallory");
				String unsigned = new PlainJWT(mallory).serialize();
				assertThat(client.get("/api", bearer(unsigned)).status()).as("alg none: the address bucket")
					.isEqualTo(200);
				String[] valid = hs256(claims("alice"), SECRET).split("\\.");
				String tampered = valid[0] + "." + hs256(claims("eve"), SECRET).split("\\.")[1] + "." + valid[2];
				assertThat(client.get("/api", bearer(tampered)).status()).as("tampered: the same address bucket")
					.isEqualTo(429);
				String otherKey = hs256(claims("trent"), "another-secret-of-thirty-two-bytes-at-least");
				assertThat(client.get("/api", bearer(otherKey)).status()).isEqualTo(429);
				assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).status()).isEqualTo(200);
				assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).status()).isEqualTo(429);
			});
	}

	@Test
	void withoutARateLimitedRouteTheFilterIsInNoRoutesChain() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RateLimitFilter.class).hasSingleBean(TrustedProxies.class);
			RateLimitFilter filter = context.getBean(RateLimitFilter.class);
			assertThat(context.getBean(RouteRegistry.class).routes()).isNotEmpty().noneMatch(filter::appliesTo);
			assertThat(new GatewayTestClient(context.getBean(GatewayServer.class)).get("/api").header("X-RateLimit-Limit"))
				.isNull();
		});
	}

	@Test
	void withoutBucket4jOnTheClassPathARouteWithARateLimitFailsStartupRatherThanRunUnlimited() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Bucket.class))
			.withPropertyValues(ROUTE + "rate-limit.route.capacity=1")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rate-limit: needs Bucket4j and Caffeine on the class path"));
	}

	@Test
	void withoutNimbusOnTheClassPathRateLimitingStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SignedJWT.class))
			.withPropertyValues(ROUTE + "rate-limit.user.capacity=1", ROUTE + "rate-limit.user.refill-period=1h")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(RateLimitFilter.class).doesNotHaveBean("fluxorGatewayJwtVerifier");
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				assertThat(client.get("/api").status()).isEqualTo(200);
				assertThat(client.get("/api").status()).isEqualTo(429);
			});
	}

	@Test
	void whenAKeySourceIsUnknownThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues(ROUTE + "rate-limit.user.capacity=5", ROUTE + "rate-limit.user.key-sources=header:X-Id,session:id")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rate-limit.user.key-sources[1]: Unknown key source 'session:id'; "
						+ "allowed forms: header:NAME, query:NAME, cookie:NAME, form:NAME, basic-auth, jwt:CLAIM, ip"));
	}

	@Test
	void whenAJwtKeySourceHasNoKeyThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues(ROUTE + "rate-limit.user.capacity=5", ROUTE + "rate-limit.user.key-sources=jwt:sub,ip")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rate-limit.user.key-sources[0]: 'jwt:sub' needs a JWT key: set "
						+ "fluxor.gateway.jwt.hmac-secret, jwks-file or jwks-uri"));
	}

	@Test
	void whenATrustedProxyIsNotACidrRangeThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.gateway.trusted-proxies=10.0.0.0/8,proxy.local")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.trusted-proxies[1]: Trusted proxy 'proxy.local' is not an IP address or "
						+ "CIDR range such as 10.0.0.0/8 or fd00::/8"));
		this.contextRunner.withPropertyValues("fluxor.gateway.trusted-proxies=10.0.0.0/33")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.trusted-proxies[0]: Trusted proxy '10.0.0.0/33' must have a prefix length "
						+ "between 0 and 32"));
	}

	@Test
	void whenABucketHasNoCapacityThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(ROUTE + "rate-limit.route.refill-tokens=5")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rate-limit.route.capacity: must be set"));
		this.contextRunner.withPropertyValues(ROUTE + "rate-limit.user.capacity=0")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rate-limit.user.capacity: must be positive but was 0"));
		this.contextRunner.withPropertyValues(ROUTE + "rate-limit.user.capacity=5", ROUTE + "rate-limit.user.max-keys=0")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rate-limit.user.max-keys: must be positive but was 0"));
	}

	@Test
	void whenABucketRefillsFasterThanATokenPerNanosecondOrOverTooLongAPeriodThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues(ROUTE + "rate-limit.route.capacity=10", ROUTE + "rate-limit.route.refill-tokens=2000",
					ROUTE + "rate-limit.route.refill-period=1us")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rate-limit.route.refill-tokens: must be at most one per nanosecond "
						+ "of the refill-period (PT0.000001S) but was 2000"));
		// the user buckets are made on the first request: this one would fail every request
		this.contextRunner
			.withPropertyValues(ROUTE + "rate-limit.user.capacity=10", ROUTE + "rate-limit.user.refill-tokens=2000",
					"fluxor.gateway.rate-limit.user.refill-period=1us")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rate-limit.user.refill-tokens: must be at most one per nanosecond "
						+ "of the refill-period (PT0.000001S) but was 2000"));
		this.contextRunner
			.withPropertyValues(ROUTE + "rate-limit.route.capacity=10", ROUTE + "rate-limit.route.refill-period=1000000d")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].rate-limit.route.refill-period: must be at most 106751d "
						+ "but was PT24000000H"));
		this.contextRunner
			.withPropertyValues(ROUTE + "rate-limit.user.capacity=9223372036854775807",
					ROUTE + "rate-limit.user.refill-tokens=1", ROUTE + "rate-limit.user.refill-period=2s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static Map<String, String> bearer(String token) {
		return Map.of("Authorization", "Bearer " + token);
	}

	static JWTClaimsSet claims(String subject) {
		return new JWTClaimsSet.Builder().subject(subject)
			.expirationTime(Date.from(Instant.now().plusSeconds(300)))
			.build();
	}

	static String hs256(JWTClaimsSet claims, String secret) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	/** Sends a GET of /api with each cookie in a Cookie header of its own, as some clients do. */
	private static Response withCookies(GatewayServer server, String... cookies) {
		return GatewayTestClient.exchange(HttpClient.newConnection()
			.baseUrl("http://127.0.0.1:" + server.port())
			.headers((headers) -> {
				for (String cookie : cookies) {
					headers.add("Cookie", cookie);
				}
			})
			.get()
			.uri("/api"));
	}

}
