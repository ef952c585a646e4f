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
