package io.fluxor.gateway.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.fluxor.gateway.HttpResponseMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RouterTests {

	private static final RouteTarget TARGET = RouteTarget.handler("test",
			(request) -> Mono.just(HttpResponseMessage.ok("")));

	private static Route route(String id, String path, String... methods) {
		return Route.of(id, path, TARGET).withMethods(methods);
	}

	@Test
	void literalSegmentsBeatParametersWhichBeatWildcardsWhichBeatTheRest() {
		Router router = Router.of(route("rest", "/users/**"), route("star", "/users/*"),
				route("param", "/users/{id}"), route("literal", "/users/me"));
		assertThat(router.match("GET", "/users/me").route().id()).isEqualTo("literal");
		assertThat(router.match("GET", "/users/42").route().id()).isEqualTo("param");
		assertThat(router.match("GET", "/users/42/orders").route().id()).isEqualTo("rest");
		assertThat(router.match("GET", "/users").route().id()).isEqualTo("rest");
	}

	@Test
	void aLiteralEarlierInThePathWinsOverALiteralLater() {
		Router router = Router.of(route("late", "/{kind}/me"), route("early", "/users/{id}"));
		assertThat(router.match("GET", "/users/me").route().id()).isEqualTo("early");
	}

	@Test
	void longerTemplatesBeatShorterOnes() {
		Router router = Router.of(route("api", "/api/**"), route("v1", "/api/v1/**"));
		assertThat(router.match("GET", "/api/v1/orders").route().id()).isEqualTo("v1");
		assertThat(router.match("GET", "/api/v2/orders").route().id()).isEqualTo("api");
	}

	@Test
	void aTemplateThatEndsBeatsTheSamePrefixFollowedByTheRest() {
		for (Router router : List.of(Router.of(route("rest", "/api/**"), route("exact", "/api")),
				Router.of(route("exact", "/api"), route("rest", "/api/**")))) {
			assertThat(router.match("GET", "/api").route().id()).isEqualTo("exact");
			assertThat(router.match("GET", "/api/").route().id()).isEqualTo("exact");
			assertThat(router.match("GET", "/api/orders").route().id()).isEqualTo("rest");
		}
		Router root = Router.of(route("all", "/**"), route("home", "/"));
		assertThat(root.match("GET", "/").route().id()).isEqualTo("home");
		assertThat(root.match("GET", "/x").route().id()).isEqualTo("all");
	}

	@Test
	void anExactLiteralPathIsFoundWithTheSameRulesAsTheScan() {
		Router router = Router.of(route("any", "/orders/{id}"), route("me", "/orders/me", "GET"),
				route("plain", "/debug", "GET"), route("tenant", "/debug", "GET").withHeaders(Map.of("X-Tenant", "acme")),
				route("post", "/debug", "POST"));
		assertThat(router.match("GET", "/orders/me").route().id()).isEqualTo("me");
		assertThat(router.match("GET", "/orders/me").pathParameters()).isEmpty();
		assertThat(router.match("POST", "/orders/me").route().id()).isEqualTo("any");
		assertThat(router.match("GET", "/debug", Map.of("x-tenant", "acme")::get).route().id()).isEqualTo("tenant");
		assertThat(router.match("GET", "/debug", Map.of("x-tenant", "other")::get).route().id()).isEqualTo("plain");
		assertThat(router.match("POST", "/debug", Map.of("x-tenant", "acme")::get).route().id()).isEqualTo("post");
		assertThat(router.match("PUT", "/debug").allow()).isEqualTo("GET, HEAD, POST");
		assertThat(router.match("GET", "//debug/").route().id()).isEqualTo("plain");
	}

	@Test
	void theLookupByLiteralPathFindsWhatAScanInSpecificityOrderFinds() {
		Random random = new Random(42);
		String[] segments = { "a", "b", "{p}", "*" };
		for (int config = 0; config < 2_000; config++) {
			List<Route> routes = new ArrayList<>();
			for (int i = random.nextInt(6) + 1; i > 0; i--) {
				StringBuilder template = new StringBuilder();
				for (int n = random.nextInt(3); n > 0; n--) {
					String segment = segments[random.nextInt(segments.length)];
					template.append('/').append(segment.equals("{p}") ? "{p" + n + "}" : segment);
				}
				if (random.nextInt(3) == 0) {
					template.append("/**");
				}
				Route route = route("r" + i, (template.length() == 0) ? "/" : template.toString(),
						random.nextBoolean() ? "GET" : "POST");
				routes.add(random.nextInt(4) == 0 ? route.withHeaders(Map.of("X-T", "1")) : route);
			}
			Router router = Router.of(routes);
			List<Route> scanOrder = new ArrayList<>(routes);
			scanOrder.sort(Comparator.comparing(Route::path).thenComparing(Route::headerCount, Comparator.reverseOrder()));
			for (int probe = 0; probe < 20; probe++) {
				StringBuilder path = new StringBuilder();
				for (int n = random.nextInt(4); n > 0; n--) {
					path.append(random.nextInt(5) == 0 ? "//" : "/").append("abc".charAt(random.nextInt(3)));
				}
				String request = (path.length() == 0) ? "/" : path.toString();
				String method = random.nextBoolean() ? "GET" : "POST";
				Map<String, String> headers = random.nextBoolean() ? Map.of("x-t", "1") : Map.of();
				Route expected = scanOrder.stream()
					.filter((route) -> route.path().matches(request) && route.acceptsHeaders(headers::get)
							&& route.accepts(method))
					.findFirst()
					.orElse(null);
				RouteMatch match = router.match(method, request, headers::get);
				assertThat(match.isFound() ? match.route() : null).as("%s %s %s in %s", method, request, headers, routes)
					.isSameAs(expected);
			}
		}
	}

	@Test
	void bothParameterSyntaxesCaptureDecodedValues() {
		Router router = Router.of(route("braces", "/users/{id}/orders/:orderId"));
		RouteMatch match = router.match("GET", "/users/a%20b/orders/7");
		assertThat(match.pathParameters()).isEqualTo(Map.of("id", "a b", "orderId", "7"));
		assertThat(match.route().path().parameterNames()).containsExactly("id", "orderId");
	}

	@Test
	void emptySegmentsAndTrailingSlashesAreIgnored() {
		Router router = Router.of(route("orders", "/orders/{id}"));
		assertThat(router.match("GET", "//orders//7/").pathParameters()).containsEntry("id", "7");
	}

	@Test
	void singleStarMatchesExactlyOneSegment() {
		Router router = Router.of(route("files", "/files/*"));
		assertThat(router.match("GET", "/files/a").isFound()).isTrue();
		assertThat(router.match("GET", "/files").isFound()).isFalse();
		assertThat(router.match("GET", "/files/a/b").isFound()).isFalse();
	}

	@Test
	void aPathWithNoRouteIsNotFound() {
		RouteMatch match = Router.of(route("a", "/a")).match("GET", "/b");
		assertThat(match.isFound()).isFalse();
		assertThat(match.isMethodNotAllowed()).isFalse();
	}

	@Test
	void aPathServedOnlyForOtherMethodsListsThemInAllow() {
		Router router = Router.of(route("read", "/orders/{id}", "get"), route("write", "/orders/*", "PUT", "DELETE"));
		RouteMatch match = router.match("POST", "/orders/7");
		assertThat(match.isMethodNotAllowed()).isTrue();
		assertThat(match.allow()).isEqualTo("DELETE, GET, HEAD, PUT");
		assertThat(router.match("DELETE", "/orders/7").route().id()).isEqualTo("write");
	}

	@Test
	void aRouteThatAcceptsGetAcceptsHeadAndOnlyThen() {
		Router router = Router.of(route("read", "/orders/{id}", "GET"), route("write", "/orders", "POST"));
		assertThat(router.match("HEAD", "/orders/7").route().id()).isEqualTo("read");
		assertThat(router.match("HEAD", "/orders").isMethodNotAllowed()).isTrue();
		assertThat(router.match("HEAD", "/orders").allow()).isEqualTo("POST");
	}

	@Test
	void aMoreSpecificRouteForAnotherMethodFallsBackToALessSpecificOne() {
		Router router = Router.of(route("any", "/orders/{id}"), route("me", "/orders/me", "GET"));
		assertThat(router.match("POST", "/orders/me").route().id()).isEqualTo("any");
	}

	@Test
	void malformedTemplatesAreRefusedWithTheReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse("users"))
			.withMessageContaining("must start with '/'");
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse("/a/**/b"))
			.withMessageContaining("only allowed as the last segment");
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse("/a/{id}/{id}"))
			.withMessageContaining("appears twice");
		assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse("/a/x{id}"))
			.withMessageContaining("mixes");
	}

	@Test
	void duplicateRouteIdsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Router.of(route("a", "/a"), route("a", "/b")))
			.withMessageContaining("duplicate route id 'a'");
	}

	@Test
	void moreHeaderPredicatesWinOnTheSamePathAndUnmetOnesNeitherMatchNorAllow() {
		Router router = Router.of(route("plain", "/api/**"),
				route("tenant", "/api/**").withHeaders(Map.of("X-Tenant", "acme")),
				route("debug", "/debug", "POST").withHeaders(Map.of("X-Debug", "*")));
		Map<String, String> acme = Map.of("x-tenant", "acme");
		assertThat(router.hasHeaderPredicates()).isTrue();
		assertThat(router.match("GET", "/api/a", acme::get).route().id()).isEqualTo("tenant");
		assertThat(router.match("GET", "/api/a", Map.of("x-tenant", "other")::get).route().id()).isEqualTo("plain");
		assertThat(router.match("GET", "/api/a").route().id()).isEqualTo("plain");
		assertThat(router.match("GET", "/debug", acme::get).isMethodNotAllowed()).isFalse();
		assertThat(router.match("GET", "/debug", Map.of("x-debug", "")::get).isMethodNotAllowed()).isTrue();
	}

	@Test
	void aHeaderPredicateNeedsANameAClientCanSend() {
		assertThatIllegalArgumentException().isThrownBy(() -> HeaderPredicate.of("X Tenant", "acme"))
			.withMessage("'X Tenant' is not a valid HTTP header name");
		assertThatIllegalArgumentException().isThrownBy(() -> HeaderPredicate.of("X-Tenant:", "acme"));
		assertThat(HeaderPredicate.of(" X.Tenant ", "*")).isEqualTo(new HeaderPredicate("x.tenant", null));
	}

}
