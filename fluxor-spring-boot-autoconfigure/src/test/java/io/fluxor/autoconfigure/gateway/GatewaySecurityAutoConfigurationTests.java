package io.fluxor.autoconfigure.gateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.fluxor.autoconfigure.gateway.GatewayTestClient.Response;
import io.fluxor.gateway.GatewayExchange;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.filter.GatewayFilter;
import io.fluxor.gateway.filter.GatewayFilterChain;
import io.fluxor.gateway.filter.JwtAuthenticationFilter;
import io.fluxor.gateway.filter.RateLimitFilter;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.security.JwtVerification;
import io.fluxor.gateway.security.JwtVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class GatewaySecurityAutoConfigurationTests {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

	private static final String ROUTE = "fluxor.gateway.routes[0].";

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private static RSAKey rsa;

	@TempDir
	static Path dir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GatewaySecurityAutoConfiguration.class,
				GatewayRateLimitAutoConfiguration.class, GatewayAutoConfiguration.class))
		.withPropertyValues("fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=0", ROUTE + "id=api",
				ROUTE + "path=/api", ROUTE + "handler=whoami", "fluxor.gateway.routes[1].id=open",
				"fluxor.gateway.routes[1].path=/open", "fluxor.gateway.routes[1].handler=whoami")
		.withBean("whoami", GatewayHandler.class,
				() -> (request) -> Mono.just(HttpResponseMessage
					.ok("user=" + request.header("X-User-Id") + " tenant=" + request.header("X-Tenant"))))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	private final ApplicationContextRunner hmacRunner = this.contextRunner
		.withPropertyValues("fluxor.gateway.jwt.hmac-secret=" + SECRET, ROUTE + "authentication.required=true");

	@BeforeAll
	static void generateKey() throws Exception {
		rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
	}

	@Test
	void aRouteThatRequiresAuthenticationAnswersAMissingTokenWithABearerChallenge() {
		this.hmacRunner.run((context) -> {
			GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
			Response missing = client.get("/api");
			assertThat(missing.status()).isEqualTo(401);
			assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
			assertThat(client.get("/api", Map.of("Authorization", "Basic YWxpY2U6cHc=")).status()).isEqualTo(401);
			assertThat(client.get("/open").status()).as("a route without authentication is open").isEqualTo(200);
			assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).status()).isEqualTo(200);
			assertThat(rejected(context.getBean(MeterRegistry.class), "missing")).isEqualTo(2);
		});
	}

	@Test
	void forgedTokensNeverPassAuthentication() {
		this.hmacRunner.run((context) -> {
			GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
			String unsigned = new PlainJWT(claims("admin")).serialize();
			assertRefused(client, unsigned, "The token is not signed");
			String[] valid = hs256(claims("alice"), SECRET).split("\\.");
			String noneHeader = Base64.getUrlEncoder().withoutPadding()
				.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
			assertRefused(client, noneHeader + "." + valid[1] + ".", "The token is not signed");
			String tampered = valid[0] + "." + payload(claims("admin")) + "." + valid[2];
			assertRefused(client, tampered, "The signature is invalid");
			assertRefused(client, hs256(claims("admin"), "another-secret-of-thirty-two-bytes-at-least"),
					"The signature is invalid");
			JWTClaimsSet expired = new JWTClaimsSet.Builder(claims("alice"))
				.expirationTime(Date.from(Instant.now().minusSeconds(120)))
				.build();
			assertRefused(client, hs256(expired, SECRET), "The token has expired");
			assertRefused(client, "not.a.jwt", "The token is malformed");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(rejected(registry, "unsigned")).isEqualTo(2);
			assertThat(rejected(registry, "invalid-signature")).isEqualTo(2);
			assertThat(rejected(registry, "expired")).isEqualTo(1);
			assertThat(rejected(registry, "malformed")).isEqualTo(1);
		});
	}

	@Test
	void aJwksRouteRefusesAnHmacTokenSignedWithThePublicKey() throws Exception {
		Path jwks = dir.resolve("jwks.json");
		Files.writeString(jwks, new JWKSet(rsa.toPublicJWK()).toString());
		this.contextRunner.withPropertyValues("fluxor.gateway.jwt.jwks-file=" + jwks, ROUTE + "authentication.required=true",
				ROUTE + "authentication.forward-claims.sub=X-User-Id")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				Response valid = client.get("/api", bearer(rs256(claims("alice"))));
				assertThat(valid.status()).isEqualTo(200);
				assertThat(valid.body()).isEqualTo("user=alice tenant=null");
				SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("admin"));
				confused.sign(new MACSigner(rsa.toPublicKey().getEncoded()));
				assertRefused(client, confused.serialize(), "The signing algorithm is not allowed");
				assertThat(rejected(context.getBean(MeterRegistry.class), "disallowed-algorithm")).isEqualTo(1);
			});
	}

	@Test
	void verifiedClaimsAreForwardedAndSpoofedCopiesRemoved() {
		this.hmacRunner
			.withPropertyValues(ROUTE + "authentication.forward-claims.sub=X-User-Id",
					ROUTE + "authentication.forward-claims.tenant=X-Tenant", "fluxor.gateway.routes[1].authentication.required=false",
					"fluxor.gateway.routes[1].authentication.forward-claims.sub=X-User-Id")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				JWTClaimsSet alice = new JWTClaimsSet.Builder(claims("alice")).claim("tenant", "acme").build();
				Response authenticated = client.get("/api",
						Map.of("Authorization", "Bearer " + hs256(alice, SECRET), "X-User-Id", "admin", "x-tenant", "root"));
				assertThat(authenticated.body()).isEqualTo("user=alice tenant=acme");
				JWTClaimsSet noTenant = claims("bob");
				assertThat(client.get("/api", Map.of("Authorization", "Bearer " + hs256(noTenant, SECRET), "X-Tenant",
						"root")).body()).as("a claim the token lacks is not forwarded, and its spoofed copy is gone")
					.isEqualTo("user=bob tenant=null");
				Response anonymous = client.get("/open", Map.of("X-User-Id", "admin"));
				assertThat(anonymous.status()).isEqualTo(200);
				assertThat(anonymous.body()).isEqualTo("user=null tenant=null");
				Response forged = client.get("/open",
						Map.of("Authorization", "Bearer " + new PlainJWT(claims("admin")).serialize(), "X-User-Id", "admin"));
				assertThat(forged.status()).isEqualTo(200);
				assertThat(forged.body()).isEqualTo("user=null tenant=null");
			});
	}

	@Test
	void claimsWithSurroundingWhitespaceAreForwardedToAnUpstreamTrimmed() {
		TestUpstream upstream = fixture.upstream((request, response) -> response
			.sendString(Mono.just("name=[" + request.requestHeaders().get("X-User-Name") + "]")));
		this.hmacRunner
			.withPropertyValues(ROUTE + "handler=", ROUTE + "upstreams[0].url=" + upstream.url(),
					ROUTE + "authentication.forward-claims.name=X-User-Name")
			.run((context) -> {
				GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
				JWTClaimsSet padded = new JWTClaimsSet.Builder(claims("alice")).claim("name", " Alice Liddell\t").build();
				Response response = client.get("/api", bearer(hs256(padded, SECRET)));
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body()).isEqualTo("name=[Alice Liddell]");
			});
	}

	@Test
	void authenticationRunsBeforeRateLimitingSoForgedTokensSpendNoTokens() {
		this.hmacRunner
			.withPropertyValues(ROUTE + "rate-limit.user.key-sources=jwt:sub", ROUTE + "rate-limit.user.capacity=1",
					ROUTE + "rate-limit.user.refill-period=1h")
			.run((context) -> {
				GatewayServer server = context.getBean(GatewayServer.class);
				assertThat(server.filters()).extracting(GatewayFilter::getClass)
					.containsExactly(JwtAuthenticationFilter.class, RateLimitFilter.class);
				GatewayTestClient client = new GatewayTestClient(server);
				for (int i = 0; i < 3; i++) {
					assertThat(client.get("/api", bearer(new PlainJWT(claims("alice")).serialize())).status())
						.isEqualTo(401);
				}
				assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).status()).isEqualTo(200);
				assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).status()).isEqualTo(429);
				assertThat(client.get("/api", bearer(hs256(claims("bob"), SECRET))).status()).isEqualTo(200);
			});
	}

	@Test
	void aUserFilterOrderedBetweenAuthenticationAndRateLimitingSeesTheVerifiedClaimAndSpendsNoTokenWhenItAnswers() {
		// between the two built-in filters, as a user's own access check would be placed
		int order = (JwtAuthenticationFilter.ORDER + RateLimitFilter.ORDER) / 2;
		List<String> seen = new CopyOnWriteArrayList<>();
		GatewayFilter denyMallory = new GatewayFilter() {

			@Override
			public int order() {
				return order;
			}

			@Override
			public Mono<HttpResponseMessage> filter(GatewayExchange exchange, GatewayFilterChain chain) {
				String user = exchange.request().header("X-User-Id");
				seen.add(String.valueOf(user));
				return "mallory".equals(user) ? Mono.just(HttpResponseMessage.text(403, "denied")) : chain.next(exchange);
			}

		};
		this.hmacRunner
			.withPropertyValues(ROUTE + "authentication.forward-claims.sub=X-User-Id",
					ROUTE + "rate-limit.route.capacity=1", ROUTE + "rate-limit.route.refill-period=1h")
			.withBean("denyMallory", GatewayFilter.class, () -> denyMallory)
			.run((context) -> {
				GatewayServer server = context.getBean(GatewayServer.class);
				assertThat(server.filters()).extracting(GatewayFilter::order)
					.containsExactly(JwtAuthenticationFilter.ORDER, order, RateLimitFilter.ORDER);
				GatewayTestClient client = new GatewayTestClient(server);
				String mallory = "Bearer " + hs256(claims("mallory"), SECRET);
				String alice = "Bearer " + hs256(claims("alice"), SECRET);
				for (int i = 0; i < 3; i++) {
					Response denied = client.get("/api", Map.of("Authorization", mallory, "X-User-Id", "alice"));
					assertThat(denied.status()).as("the verified claim, not the client's copy").isEqualTo(403);
					assertThat(denied.headers().contains("X-RateLimit-Remaining")).as("no bucket was asked").isFalse();
				}
				assertThat(client.get("/api").status()).as("refused before the user filter").isEqualTo(401);
				Response allowed = client.get("/api", Map.of("Authorization", alice, "X-User-Id", "mallory"));
				assertThat(allowed.status()).as("the only token is still in the bucket").isEqualTo(200);
				assertThat(allowed.body()).isEqualTo("user=alice tenant=null");
				assertThat(allowed.header("X-RateLimit-Remaining")).isEqualTo("0");
				assertThat(client.get("/api", Map.of("Authorization", alice)).status()).isEqualTo(429);
				assertThat(seen).containsExactly("mallory", "mallory", "mallory", "alice", "alice");
			});
	}

	@Test
	void withoutAnAuthenticatedRouteTheFilterIsInNoRoutesChainAndThereIsNoVerifier() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(JwtAuthenticationFilter.class).doesNotHaveBean(JwtVerifier.class);
			JwtAuthenticationFilter filter = context.getBean(JwtAuthenticationFilter.class);
			assertThat(context.getBean(RouteRegistry.class).routes()).noneMatch(filter::appliesTo);
			assertThat(new GatewayTestClient(context.getBean(GatewayServer.class)).get("/api").status()).isEqualTo(200);
		});
	}

	@Test
	void withoutNimbusOnTheClassPathARouteWithAuthenticationFailsStartupRatherThanRunOpen() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SignedJWT.class))
			.withPropertyValues(ROUTE + "authentication.required=true")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].authentication: needs Nimbus JOSE+JWT on the class path"));
	}

	@Test
	void whenAnAuthenticatedRouteHasNoKeyThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(ROUTE + "authentication.required=true")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].authentication: needs a JWT key: set fluxor.gateway.jwt.hmac-secret, "
						+ "jwks-file or jwks-uri"));
	}

	@Test
	void whenTheSecretIsTooShortThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.gateway.jwt.hmac-secret=short")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.jwt.hmac-secret: JWT secret must be at least 32 bytes (256 bits), was 5"));
	}

	@Test
	void whenTheIssuerOrAudienceIsEmptyThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.gateway.jwt.hmac-secret=" + SECRET, "fluxor.gateway.jwt.issuer=")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.jwt.issuer: must not be empty; leave it unset not to check the iss claim"));
		this.contextRunner.withPropertyValues("fluxor.gateway.jwt.hmac-secret=" + SECRET, "fluxor.gateway.jwt.audience= ")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.jwt.audience: must not be empty; leave it unset not to check the aud claim"));
	}

	@Test
	void whenTheJwksUrlHasNoHostOrAPortOutOfRangeThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.gateway.jwt.jwks-uri=https:///jwks")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context)).isEqualTo(
					"fluxor.gateway.jwt.jwks-uri: JWKS URL 'https:///jwks' must be an absolute http or https URL"));
		this.contextRunner.withPropertyValues("fluxor.gateway.jwt.jwks-uri=https://idp.example:99999/jwks")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context)).isEqualTo(
					"fluxor.gateway.jwt.jwks-uri: JWKS URL 'https://idp.example:99999/jwks' must have a port between 1 and 65535"));
	}

	@Test
	void whenTwoKeySourcesAreSetThenStartupFailsNamingTheGroup() {
		this.contextRunner
			.withPropertyValues("fluxor.gateway.jwt.hmac-secret=" + SECRET, "fluxor.gateway.jwt.jwks-uri=https://idp.example/jwks")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.jwt: must set exactly one of hmac-secret, jwks-file or jwks-uri but sets 2"));
	}

	@Test
	void whenAnAlgorithmDoesNotFitTheKeyThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.gateway.jwt.hmac-secret=" + SECRET, "fluxor.gateway.jwt.algorithms=RS256")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.startsWith("fluxor.gateway.jwt.algorithms: JWT algorithm 'RS256' is not allowed with an HMAC secret"));
	}

	@Test
	void verifiedTokensAreCachedByDefault() {
		this.hmacRunner.run((context) -> {
			GatewayJwtProperties properties = context.getBean(GatewayJwtProperties.class);
			assertThat(properties.getCacheSize()).isEqualTo(10_000);
			assertThat(properties.getCacheTtl()).isEqualTo(Duration.ofMinutes(5));
			assertThat(servedFromCache(context.getBean(JwtVerifier.class))).isTrue();
		});
	}

	@Test
	void theCacheIsConfiguredByProperties() {
		this.hmacRunner.withPropertyValues("fluxor.gateway.jwt.cache-size=50", "fluxor.gateway.jwt.cache-ttl=30s")
			.run((context) -> {
				GatewayJwtProperties properties = context.getBean(GatewayJwtProperties.class);
				assertThat(properties.getCacheSize()).isEqualTo(50);
				assertThat(properties.getCacheTtl()).isEqualTo(Duration.ofSeconds(30));
				assertThat(servedFromCache(context.getBean(JwtVerifier.class))).isTrue();
			});
		this.hmacRunner.withPropertyValues("fluxor.gateway.jwt.cache-size=0")
			.run((context) -> assertThat(servedFromCache(context.getBean(JwtVerifier.class))).isFalse());
	}

	@Test
	void withoutCaffeineEveryTokenIsVerifiedInFull() {
		this.hmacRunner.withClassLoader(new FilteredClassLoader(Caffeine.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(servedFromCache(context.getBean(JwtVerifier.class))).isFalse();
			GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
			assertThat(client.get("/api", bearer(hs256(claims("alice"), SECRET))).status()).isEqualTo(200);
		});
	}

	@Test
	void whenTheClockSkewIsNegativeOrOverFiveMinutesThenStartupFailsNamingTheProperty() {
		this.hmacRunner.withPropertyValues("fluxor.gateway.jwt.clock-skew=10d").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.jwt.clock-skew: JWT clock-skew must be between 0 and 5 minutes, was PT240H");
		});
		this.hmacRunner.withPropertyValues("fluxor.gateway.jwt.clock-skew=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.jwt.clock-skew: JWT clock-skew must be between 0 and 5 minutes, was PT-1S");
		});
		this.hmacRunner.withPropertyValues("fluxor.gateway.jwt.clock-skew=5m")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenTheCacheSizeIsNegativeThenStartupFailsNamingTheProperty() {
		this.hmacRunner.withPropertyValues("fluxor.gateway.jwt.cache-size=-1")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.jwt.cache-size: JWT cache-size must not be negative, was -1"));
	}

	@Test
	void whenTheCacheTtlIsNotPositiveThenStartupFailsNamingTheProperty() {
		this.hmacRunner.withPropertyValues("fluxor.gateway.jwt.cache-ttl=0s")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.jwt.cache-ttl: JWT cache-ttl must be positive, was PT0S"));
	}

	@Test
	void whenAForwardedHeaderNameIsInvalidThenStartupFailsNamingTheProperty() {
		this.hmacRunner.withPropertyValues(ROUTE + "authentication.forward-claims.sub=X User")
			.run((context) -> assertThat(GatewayTestClient.failureMessage(context))
				.isEqualTo("fluxor.gateway.routes[0].authentication.forward-claims: header name for claim 'sub' must be "
						+ "a valid HTTP header name but was 'X User'"));
	}

	// A cached verification is handed out again as is; a full one is a new instance.
	private static boolean servedFromCache(JwtVerifier verifier) throws Exception {
		String token = hs256(claims("alice"), SECRET);
		JwtVerification first = verifier.verify(token);
		assertThat(first.isValid()).isTrue();
		return verifier.verify(token) == first;
	}

	private static void assertRefused(GatewayTestClient client, String token, String description) {
		Response response = client.get("/api", bearer(token));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("user=");
		assertThat(response.header("WWW-Authenticate"))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
	}

	private static double rejected(MeterRegistry registry, String reason) {
		return registry.get("fluxor.auth.rejected").tag("route", "api").tag("reason", reason).counter().count();
	}

	private static Map<String, String> bearer(String token) {
		return Map.of("Authorization", "Bearer " + token);
	}

	private static JWTClaimsSet claims(String subject) {
		return GatewayRateLimitAutoConfigurationTests.claims(subject);
	}

	private static String payload(JWTClaimsSet claims) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static String hs256(JWTClaimsSet claims, String secret) throws Exception {
		return GatewayRateLimitAutoConfigurationTests.hs256(claims, secret);
	}

	private static String rs256(JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
		jwt.sign(new RSASSASigner(rsa));
		return jwt.serialize();
	}

}
