package io.fluxor.gateway;

import java.util.HashMap;
import java.util.Map;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RequestHeaderMap}: the view reads as the lower-case, joined map it replaces.
 */
class RequestHeaderMapTests {

	private final HttpHeaders received = new DefaultHttpHeaders().add("Content-Type", "application/json")
		.add("X-Trace", "a")
		.add("x-trace", "b");

	@Test
	void lookupsIgnoreCaseAndJoinRepeatedValues() {
		RequestHeaderMap headers = new RequestHeaderMap(this.received);
		assertThat(headers.get("content-type")).isEqualTo("application/json");
		assertThat(headers.get("Content-Type")).isEqualTo("application/json");
		assertThat(headers.get("x-trace")).isEqualTo("a,b");
		assertThat(headers.get("missing")).isNull();
		assertThat(headers.get(42)).isNull();
		assertThat(headers.containsKey("X-TRACE")).isTrue();
		assertThat(headers.containsKey("missing")).isFalse();
	}

	@Test
	void iterationGivesLowerCaseNamesWithJoinedValues() {
		RequestHeaderMap headers = new RequestHeaderMap(this.received);
		assertThat(headers).hasSize(2);
		assertThat(Map.copyOf(headers)).isEqualTo(Map.of("content-type", "application/json", "x-trace", "a,b"));
		assertThat(headers).isEqualTo(Map.of("content-type", "application/json", "x-trace", "a,b"));
		assertThat(new RequestHeaderMap(new DefaultHttpHeaders())).isEmpty();
	}

	@Test
	void isReadOnly() {
		RequestHeaderMap headers = new RequestHeaderMap(this.received);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> headers.put("x-new", "1"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> headers.entrySet().clear());
	}

	@Test
	void changedHeadersSitOnTopOfTheReceivedOnesWithoutCopyingThem() {
		HttpRequestMessage message = new HttpRequestMessage("GET", "/", "/", null, null,
				new RequestHeaderMap(this.received), null);
		Map<String, String> changes = new HashMap<>();
		changes.put("X-Trace", null);
		changes.put("X-User-Id", "alice");
		HttpRequestMessage changed = message.withHeaders(changes);
		assertThat(changed.header("x-trace")).isNull();
		assertThat(changed.headers().containsKey("X-TRACE")).isFalse();
		assertThat(changed.header("X-USER-ID")).isEqualTo("alice");
		assertThat(changed.header("content-type")).isEqualTo("application/json");
		assertThat(changed.headers()).isEqualTo(Map.of("content-type", "application/json", "x-user-id", "alice"));
		assertThat(message.header("x-trace")).as("the original request is unchanged").isEqualTo("a,b");
		RequestHeaderMap view = (RequestHeaderMap) changed.headers();
		assertThat(view.isViewOf(this.received)).isTrue();
		assertThat(view.isViewOf(new DefaultHttpHeaders())).isFalse();
		HttpHeaders upstream = new DefaultHttpHeaders().set(this.received);
		view.applyChangesTo(upstream);
		assertThat(upstream.contains("x-trace")).isFalse();
		assertThat(upstream.get("x-user-id")).isEqualTo("alice");
		assertThat(changed.withHeaders(Map.of("x-user-id", "bob")).header("x-user-id")).isEqualTo("bob");
	}

	@Test
	void headersOfARequestMadeInCodeAreCopiedAndChanged() {
		HttpRequestMessage message = new HttpRequestMessage("GET", "/", "/", null, null, Map.of("x-a", "1", "x-b", "2"),
				null);
		Map<String, String> changes = new HashMap<>();
		changes.put("X-A", null);
		changes.put("X-C", "3");
		assertThat(message.withHeaders(changes).headers()).isEqualTo(Map.of("x-b", "2", "x-c", "3"));
		assertThat(message.headers()).containsOnlyKeys("x-a", "x-b");
	}

	@Test
	void requestMessageKeepsTheViewAndCopiesOtherMaps() {
		RequestHeaderMap view = new RequestHeaderMap(this.received);
		HttpRequestMessage message = new HttpRequestMessage("GET", "/", "/", null, null, view, null);
		assertThat(message.headers()).isSameAs(view);
		assertThat(message.header("X-Trace")).isEqualTo("a,b");
		Map<String, String> plain = new HashMap<>(Map.of("x-a", "1"));
		HttpRequestMessage copied = new HttpRequestMessage("GET", "/", "/", null, null, plain, null);
		plain.put("x-b", "2");
		assertThat(copied.headers()).containsOnlyKeys("x-a");
	}

}
