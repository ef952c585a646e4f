package io.fluxor.gateway.cache;

import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachedResponseTests {

	private final CachedResponse response = CachedResponse.of(200,
			Map.of("Content-Type", List.of("text/plain"), "Set-Cookie", List.of("a=1", "b=2")),
			"hello".getBytes(StandardCharsets.UTF_8));

	@Test
	void headersAreCopiedWholeIntoAnEmptyResponse() {
		HttpHeaders target = new DefaultHttpHeaders();
		this.response.copyHeadersTo(target, CacheResult.HIT);
		assertSentAsStoredWithLengthAndHit(target);
	}

	@Test
	void headersReplaceTheChunkedEncodingAReactorNettyResponseStartsWith() {
		HttpHeaders target = new DefaultHttpHeaders().set("transfer-encoding", "chunked");
		this.response.copyHeadersTo(target, CacheResult.HIT);
		assertThat(target.contains("transfer-encoding")).isFalse();
		assertSentAsStoredWithLengthAndHit(target);
	}

	@Test
	void headersAResponseAlreadyHasWinOverTheStoredOnesAndTheOthersAreAdded() {
		HttpHeaders target = new DefaultHttpHeaders().add("content-type", "application/json")
			.add("X-RateLimit-Remaining", "9")
			.add("x-cache", "forged")
			.add("transfer-encoding", "chunked");
		this.response.copyHeadersTo(target, CacheResult.HIT);
		assertThat(target.getAll("content-type")).containsExactly("application/json");
		assertThat(target.getAll("x-cache")).containsExactly("HIT");
		assertThat(target.getAll("content-length")).containsExactly("5");
		assertThat(target.contains("transfer-encoding")).isFalse();
		assertThat(target.getAll("set-cookie")).containsExactly("a=1", "b=2");
		assertThat(target.get("x-ratelimit-remaining")).isEqualTo("9");
	}

	@Test
	void theLengthSentIsTheBodyHeldAndAnEmptyHeadAnswerKeepsTheLengthItDeclared() {
		HttpHeaders target = new DefaultHttpHeaders();
		CachedResponse.of(200, Map.of("Content-Length", List.of("999"), "Transfer-Encoding", List.of("chunked")),
				"hello".getBytes(StandardCharsets.UTF_8)).copyHeadersTo(target, CacheResult.MISS);
		assertThat(target.getAll("content-length")).containsExactly("5");
		assertThat(target.contains("transfer-encoding")).isFalse();
		assertThat(target.get("x-cache")).isEqualTo("MISS");
		HttpHeaders head = new DefaultHttpHeaders();
		CachedResponse.of(200, Map.of("Content-Length", List.of("999")), new byte[0]).copyHeadersTo(head, CacheResult.HIT);
		assertThat(head.getAll("content-length")).containsExactly("999");
	}

	@Test
	void eachContentIsAReadOnlyViewOfTheBodyThatOutlivesItsRelease() {
		CachedResponse response = CachedResponse.of(200, Map.of(), "hello".getBytes(StandardCharsets.UTF_8));
		ByteBuf first = response.content();
		ByteBuf second = response.content();
		assertThat(first.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
		first.skipBytes(2);
		assertThat(second.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
		assertThat(first.isReadOnly()).isTrue();
		assertThatExceptionOfType(ReadOnlyBufferException.class).isThrownBy(() -> first.setByte(0, 'j'));
		first.release();
		assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("hello");
	}

	@Test
	void keysOfTheSameRequestAreEqualAndKeysOfAnotherRouteOrQueryAreNot() {
		CacheKey key = new CacheKey("r", "GET", "/a", "x=1", List.of(), null);
		assertThat(key).isEqualTo(new CacheKey("r", "GET", "/a", "x=1", List.of(), null))
			.hasSameHashCodeAs(new CacheKey("r", "GET", "/a", "x=1", List.of(), null));
		assertThat(key).isNotEqualTo(new CacheKey("other", "GET", "/a", "x=1", List.of(), null))
			.isNotEqualTo(new CacheKey("r", "GET", "/a", null, List.of(), null))
			.isNotEqualTo(new CacheKey("r", "GET", "/a", "x=1", List.of(), "header:alice"));
	}

	private static void assertSentAsStoredWithLengthAndHit(HttpHeaders target) {
		assertThat(target.get("content-type")).isEqualTo("text/plain");
		assertThat(target.getAll("set-cookie")).containsExactly("a=1", "b=2");
		assertThat(target.get("content-length")).isEqualTo("5");
		assertThat(target.get("x-cache")).isEqualTo("HIT");
		assertThat(target.size()).isEqualTo(5);
	}

}
