package io.fluxor.gateway.route;

import java.util.ArrayList;
import java.util.List;

import io.fluxor.gateway.HttpResponseMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RouteRegistryTests {

	private static final RouteTarget TARGET = RouteTarget.handler("test",
			(request) -> Mono.just(HttpResponseMessage.ok("")));

	private static Route route(String id, String path) {
		return Route.of(id, path, TARGET);
	}

	@Test
	void replaceSwapsTheWholeSnapshotAndKeepsTheOldOneIntact() {
		Router initial = Router.of(route("a", "/a"));
		RouteRegistry registry = RouteRegistry.of(initial);
		assertThat(registry.router()).isSameAs(initial);
		Router next = registry.replace(List.of(route("b", "/b"), route("c", "/c/{id}")));
		assertThat(registry.router()).isSameAs(next);
		assertThat(registry.routes()).extracting(Route::id).containsExactly("b", "c");
		assertThat(next.match("GET", "/c/1").route().id()).isEqualTo("c");
		assertThat(initial.routes()).extracting(Route::id).containsExactly("a");
		assertThat(initial.match("GET", "/a").isFound()).isTrue();
	}

	@Test
	void updateReplacesARouteInPlaceOrAddsItLast() {
		RouteRegistry registry = RouteRegistry.of(List.of(route("a", "/a"), route("b", "/b")));
		registry.update(route("a", "/a2"));
		assertThat(registry.routes()).extracting(Route::id).containsExactly("a", "b");
		assertThat(registry.route("a")).get().extracting((route) -> route.path().template()).isEqualTo("/a2");
		registry.update(route("c", "/c"));
		assertThat(registry.routes()).extracting(Route::id).containsExactly("a", "b", "c");
	}

	@Test
	void removeDropsOneRouteAndReportsAnUnknownIdWithoutAChange() {
		RouteRegistry registry = RouteRegistry.of(List.of(route("a", "/a"), route("b", "/b")));
		assertThat(registry.remove("a")).get().extracting(Route::id).isEqualTo("a");
		assertThat(registry.routes()).extracting(Route::id).containsExactly("b");
		Router before = registry.router();
		assertThat(registry.remove("nope")).isEmpty();
		assertThat(registry.router()).isSameAs(before);
	}

	@Test
	void whenTwoRoutesShareAnIdThenReplaceIsRejectedAndNothingChanges() {
		RouteRegistry registry = RouteRegistry.of(List.of(route("a", "/a")));
		Router before = registry.router();
		assertThatExceptionOfType(InvalidRouteException.class)
			.isThrownBy(() -> registry.replace(List.of(route("x", "/x"), route("x", "/y"))))
			.withMessage("route 'x': duplicate route id")
			.satisfies((ex) -> assertThat(ex.routeId()).isEqualTo("x"));
		assertThat(registry.router()).isSameAs(before);
	}

	@Test
	void whenAValidatorRejectsARouteThenNothingChangesAndTheErrorNamesTheRoute() {
		RouteRegistry registry = RouteRegistry.of(List.of(route("a", "/a")));
		registry.addValidator((route) -> {
			if (route.path().template().startsWith("/admin")) {
				throw new IllegalArgumentException("must not expose /admin");
			}
		});
		Router before = registry.router();
		assertThatExceptionOfType(InvalidRouteException.class)
			.isThrownBy(() -> registry.update(route("admin", "/admin/**")))
			.withMessage("route 'admin': must not expose /admin");
		assertThatExceptionOfType(InvalidRouteException.class)
			.isThrownBy(() -> registry.replace(List.of(route("b", "/b"), route("admin", "/admin"))));
		assertThat(registry.router()).isSameAs(before);
	}

	@Test
	void aValidatorThatCurrentRoutesFailIsRefused() {
		RouteRegistry registry = RouteRegistry.of(List.of(route("a", "/a")));
		assertThatExceptionOfType(InvalidRouteException.class).isThrownBy(() -> registry.addValidator((route) -> {
			throw new IllegalArgumentException("no");
		})).withMessage("route 'a': no");
		registry.update(route("b", "/b"));
		assertThat(registry.routes()).hasSize(2);
	}

	@Test
	void listenersSeeEachChangeInOrderAndCannotUndoIt() {
		RouteRegistry registry = RouteRegistry.of(List.of(route("a", "/a")));
		List<String> changes = new ArrayList<>();
		registry.addListener((previous, current) -> changes
			.add(previous.routes().size() + "->" + current.routes().size() + " " + (current == registry.router())));
		registry.addListener((previous, current) -> {
			throw new IllegalStateException("listener failure");
		});
		registry.update(route("b", "/b"));
		registry.remove("a");
		registry.remove("a");
		assertThat(changes).containsExactly("1->2 true", "2->1 true");
		assertThat(registry.routes()).extracting(Route::id).containsExactly("b");
	}

	@Test
	void aRouteCarriesOnePolicyOfEachClassAndItsCopiesShareThem() {
		TestPolicy first = new TestPolicy("first");
		Route route = route("a", "/a").withPolicy(first);
		assertThat(route.policy(TestPolicy.class)).isSameAs(first);
		assertThat(route.withTarget(TARGET).withMethods("GET").policy(TestPolicy.class)).isSameAs(first);
		TestPolicy second = new TestPolicy("second");
		assertThat(route.withPolicy(second).policies()).containsExactly(second);
		assertThat(route.withoutPolicy(TestPolicy.class).policy(TestPolicy.class)).isNull();
		assertThat(route("b", "/b").policies()).isEmpty();
	}

	@Test
	void aRouteReplacedInTheRegistryBringsItsOwnPoliciesAndARemovedRouteTakesThemAway() {
		RouteRegistry registry = RouteRegistry.of(List.of(route("a", "/a").withPolicy(new TestPolicy("old"))));
		registry.update(route("a", "/a").withPolicy(new TestPolicy("new")));
		assertThat(registry.router().match("GET", "/a").route().policy(TestPolicy.class).value()).isEqualTo("new");
		registry.remove("a");
		assertThat(registry.routes()).isEmpty();
	}

	private record TestPolicy(String value) implements RoutePolicy {

		@Override
		public String name() {
			return "test";
		}

		@Override
		public java.util.Map<String, Object> describe() {
			return java.util.Map.of("value", this.value);
		}

	}

}
