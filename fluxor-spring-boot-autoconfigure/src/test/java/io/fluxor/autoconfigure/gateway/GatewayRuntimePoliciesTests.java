package io.fluxor.autoconfigure.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fluxor.autoconfigure.gateway.GatewayTestClient.Response;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.filter.AuthenticationPolicy;
import io.fluxor.gateway.filter.RateLimitPolicy;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.fluxor.gateway.ratelimit.KeyResolver;
import io.fluxor.gateway.ratelimit.TokenBucketOptions;
import io.fluxor.gateway.ratelimit.TrustedProxies;
import io.fluxor.gateway.route.InvalidRouteException;
import io.fluxor.gateway.route.Route;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.security.JwtVerifier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Routes added at runtime under new ids, through the {@link RouteRegistry} bean and through the
 * actuator over HTTP, with rate limits and authentication, against a real gateway and a real
 * loopback upstream.
 */
class GatewayRuntimePoliciesTests {

	private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final ReactiveWebApplicationContextRunner withoutKey = ActuatorTestClient.runner()
		.withPropertyValues("fluxor.gateway.routes[0].id=open", "fluxor.gateway.routes[0].path=/open",
				"fluxor.gateway.routes[0].handler=hello")
		.withBean("hello", GatewayHandler.class, () -> (request) -> Mono.just(HttpResponseMessage.ok("hello")));

	private final ReactiveWebApplicationContextRunner contextRunner = this.withoutKey
		.withPropertyValues("fluxor.gateway.jwt.hmac-secret=" + SECRET);

	@Test
	void aRouteAddedThroughTheBeanApiUnderANewIdIsAuthenticatedAndLimitedPerUser() {
		TestUpstream upstream = fixture.text("report");
		this.contextRunner.run((context) -> {
			RouteRegistry routes = context.getBean(RouteRegistry.class);
			KeyResolver users = KeyResolver.parse(List.of("jwt:sub"), context.getBean(JwtVerifier.class),
					context.getBean(TrustedProxies.class));
			routes.update(Route.of("reports", "/reports", upstreamTarget(context, upstream))
				.withPolicy(new AuthenticationPolicy(true, Map.of()))
				.withPolicy(RateLimitPolicy.perUser(new TokenBucketOptions(2, 1, Duration.ofHours(1)), users)));
			GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
			assertUnauthenticatedThenLimitedPerUser(client, "/reports", "report");
			assertThat(upstream.calls()).isEqualTo(3);
			assertThat(client.get("/open").header("X-RateLimit-Limit")).as("other routes are not limited").isNull();
		});
	}

	@Test
	void aRouteAddedThroughTheActuatorUnderANewIdIsAuthenticatedAndLimitedPerUser() {
		TestUpstream upstream = fixture.text("report");
		this.contextRunner.run((context) -> {
			Response added = ActuatorTestClient.of(context).post("/actuator/fluxor/routes/reports", """
					{"path": "/reports", "upstreams": "[{\\"url\\": \\"%s\\"}]",
					 "authentication": "{\\"required\\": true}",
					 "rateLimit": "{\\"user\\": {\\"capacity\\": 2, \\"refill-tokens\\": 1, \\"refill-period\\": \\"1h\\", \\"key-sources\\": [\\"jwt:sub\\"]}}"}
					""".formatted(upstream.url()));
			assertThat(added.status()).as(added.body()).isEqualTo(200);
			assertThat(added.body()).contains("\"authentication\":{\"required\":true")
				.contains("\"user\":{\"capacity\":2,\"refillTokens\":1,\"refillPeriod\":\"PT1H\",\"keySources\":[\"jwt:sub\"]");
			GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
			assertUnauthenticatedThenLimitedPerUser(client, "/reports", "report");
			assertThat(upstream.calls()).isEqualTo(3);
			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
			assertThat(scrape).contains("fluxor_ratelimit_rejected_total{route=\"reports\",scope=\"user\"} 1.0",
					"fluxor_auth_rejected_total{reason=\"missing\",route=\"reports\"} 1.0");
		});
	}

	@Test
	void aRemovedRouteTakesItsBucketsAndSeriesWithIt() {
		TestUpstream upstream = fixture.text("report");
		this.contextRunner.run((context) -> {
			GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
			ActuatorTestClient management = ActuatorTestClient.of(context);
			String route = """
					{"path": "/reports", "upstreams": "[{\\"url\\": \\"%s\\"}]",
					 "rateLimit": "{\\"route\\": {\\"capacity\\": 1, \\"refill-period\\": \\"1h\\"}}"}
					""".formatted(upstream.url());
			assertThat(management.post("/actuator/fluxor/routes/reports", route).status()).isEqualTo(200);
			assertThat(client.get("/reports").status()).isEqualTo(200);
			assertThat(client.get("/reports").status()).isEqualTo(429);
			assertThat(management.delete("/actuator/fluxor/routes/reports").status()).isEqualTo(200);
			assertThat(client.get("/reports").status()).isEqualTo(404);
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			assertThat(registry.scrape()).doesNotContain("route=\"reports\"");
			assertThat(management.post("/actuator/fluxor/routes/reports", route).status()).isEqualTo(200);
			assertThat(client.get("/reports").status()).as("a new route, a full bucket").isEqualTo(200);
			assertThat(client.get("/reports").status()).isEqualTo(429);
			assertThat(registry.scrape()).contains("fluxor_ratelimit_rejected_total{route=\"reports\",scope=\"route\"} 1.0");
		});
	}

	@Test
	void anInvalidPolicyIsRefusedWithTheFieldNamedAndNothingChanges() {
		this.contextRunner.run((context) -> {
			RouteRegistry routes = context.getBean(RouteRegistry.class);
			Object before = routes.router();
			ActuatorTestClient management = ActuatorTestClient.of(context);
			Response capacity = management.post("/actuator/fluxor/routes/reports",
					"{\"path\": \"/reports\", \"handler\": \"hello\", \"rateLimit\": \"{\\\"user\\\": {\\\"capacity\\\": 0}}\"}");
			assertThat(capacity.status()).isEqualTo(400);
			assertThat(capacity.body())
				.isEqualTo("{\"error\":\"route 'reports': rate-limit.user.capacity: must be positive but was 0\"}");
			Response keySource = management.post("/actuator/fluxor/routes/reports", "{\"path\": \"/reports\", "
					+ "\"handler\": \"hello\", \"rateLimit\": \"{\\\"user\\\": {\\\"capacity\\\": 1, \\\"key-sources\\\": [\\\"session:id\\\"]}}\"}");
			assertThat(keySource.status()).isEqualTo(400);
			assertThat(keySource.body()).startsWith(
					"{\"error\":\"route 'reports': rate-limit.user.key-sources[0]: Unknown key source 'session:id'; allowed forms: ");
			Response claims = management.post("/actuator/fluxor/routes/reports", "{\"path\": \"/reports\", "
					+ "\"handler\": \"hello\", \"authentication\": \"{\\\"forward-claims\\\": {\\\"sub\\\": \\\"X User\\\"}}\"}");
			assertThat(claims.status()).isEqualTo(400);
			assertThat(claims.body()).isEqualTo("{\"error\":\"route 'reports': authentication.forward-claims: header name "
					+ "for claim 'sub' must be a valid HTTP header name but was 'X User'\"}");
			assertThat(routes.router()).isSameAs(before);
			assertThat(new GatewayTestClient(context.getBean(GatewayServer.class)).get("/reports").status()).isEqualTo(404);
		});
	}

	@Test
	void aClaimNameThatIsNoPropertyNameReachesTheForwardedClaimsWhole() {
		this.contextRunner.run((context) -> {
			Response posted = ActuatorTestClient.of(context).post("/actuator/fluxor/routes/claims", """
					{"path": "/claims", "handler": "hello",
					 "authentication": "{\\"forward-claims\\": {\\"https://example.com/tenant\\": \\"X-Tenant\\"}}"}
					""");
			assertThat(posted.status()).as(posted.body()).isEqualTo(200);
			assertThat(posted.body()).contains("\"forwardClaims\":{\"https://example.com/tenant\":\"x-tenant\"}");
		});
	}

	@Test
	void withoutAJwtKeyARouteWithAuthenticationIsRefusedWhoeverBuildsIt() {
		this.withoutKey.run((context) -> {
			assertThat(context).doesNotHaveBean(JwtVerifier.class);
			RouteRegistry routes = context.getBean(RouteRegistry.class);
			Route open = routes.route("open").orElseThrow();
			assertThatExceptionOfType(InvalidRouteException.class)
				.isThrownBy(() -> routes.update(open.withPolicy(new AuthenticationPolicy(true, Map.of()))))
				.withMessage("route 'open': authentication: needs a JWT key: set fluxor.gateway.jwt.hmac-secret, "
						+ "jwks-file or jwks-uri");
			Response posted = ActuatorTestClient.of(context).post("/actuator/fluxor/routes/open",
					"{\"path\": \"/open\", \"handler\": \"hello\", \"authentication\": \"{\\\"required\\\": true}\"}");
			assertThat(posted.status()).isEqualTo(400);
			assertThat(posted.body()).isEqualTo("{\"error\":\"route 'open': authentication: needs a JWT key: set "
					+ "fluxor.gateway.jwt.hmac-secret, jwks-file or jwks-uri\"}");
			assertThat(routes.route("open").orElseThrow()).isSameAs(open);
		});
	}

	private static void assertUnauthenticatedThenLimitedPerUser(GatewayTestClient client, String path, String body)
			throws Exception {
		Response missing = client.get(path);
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
		Response first = client.get(path, bearer("alice"));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body()).isEqualTo(body);
		assertThat(client.get(path, bearer("alice")).status()).isEqualTo(200);
		Response limited = client.get(path, bearer("alice"));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3600L);
		assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("2");
		assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(limited.header("X-RateLimit-Reset")).isNotNull();
		assertThat(client.get(path, bearer("bob")).status()).as("bob has his own bucket").isEqualTo(200);
	}

	private static Map<String, String> bearer(String subject) throws Exception {
		return Map.of("Authorization", "Bearer "
				+ GatewayRateLimitAutoConfigurationTests.hs256(GatewayRateLimitAutoConfigurationTests.claims(subject), SECRET));
	}

	private static io.fluxor.gateway.route.RouteTarget upstreamTarget(AssertableReactiveWebApplicationContext context,
			TestUpstream upstream) {
		return context.getBean(ConfiguredRoutes.class)
			.route("target", Map.of("path", "/", "upstreams", List.of(Map.of("url", upstream.url()))))
			.target();
	}

}
