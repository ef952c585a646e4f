package io.fluxor.gateway.cache;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalRequestsTests {

	private static final String MONDAY = "Mon, 30 Nov 2026 08:00:00 GMT";

	private static final String TUESDAY = "Tue, 01 Dec 2026 08:00:00 GMT";

	@Test
	void ifNoneMatchComparesEntityTagsWeakly() {
		CachedResponse strong = ResponseCacheTests.ok("ETag", "\"v1\"");
		CachedResponse weak = ResponseCacheTests.ok("ETag", "W/\"v1\"");
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "\"v1\""), strong)).isTrue();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "W/\"v1\""), strong)).isTrue();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "\"v1\""), weak)).isTrue();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "\"v0\", W/\"v1\""), strong)).isTrue();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "*"), strong)).isTrue();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "\"v2\""), strong)).isFalse();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "\"v1"), strong)).isFalse();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "v1"), strong)).isFalse();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "\"v1\""), ResponseCacheTests.ok())).as("no ETag")
			.isFalse();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "*"), ResponseCacheTests.ok()))
			.as("* names any current representation").isTrue();
	}

	@Test
	void anEntityTagMayHoldCommas() {
		CachedResponse response = ResponseCacheTests.ok("ETag", "\"a,b\"");
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "\"x\", \"a,b\""), response)).isTrue();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "\"a\", \"b\""), response)).isFalse();
	}

	@Test
	void ifModifiedSinceComparesLastModifiedAndIsIgnoredWhenIfNoneMatchIsThere() {
		CachedResponse response = ResponseCacheTests.ok("Last-Modified", MONDAY, "ETag", "\"v1\"");
		assertThat(ConditionalRequests.isNotModified(request("If-Modified-Since", MONDAY), response)).isTrue();
		assertThat(ConditionalRequests.isNotModified(request("If-Modified-Since", TUESDAY), response)).isTrue();
		assertThat(ConditionalRequests.isNotModified(request("If-Modified-Since", "Sun, 29 Nov 2026 08:00:00 GMT"),
				response)).isFalse();
		assertThat(ConditionalRequests.isNotModified(request("If-Modified-Since", "yesterday"), response)).isFalse();
		assertThat(ConditionalRequests.isNotModified(request("If-None-Match", "\"v2\"", "If-Modified-Since", TUESDAY),
				response)).as("If-None-Match decides").isFalse();
		assertThat(ConditionalRequests.isNotModified(request("If-Modified-Since", TUESDAY), ResponseCacheTests.ok()))
			.as("no Last-Modified").isFalse();
		assertThat(ConditionalRequests.isNotModified(request(), response)).isFalse();
	}

	private static HttpHeaders request(String... headerPairs) {
		HttpHeaders headers = new DefaultHttpHeaders();
		for (int i = 0; i < headerPairs.length; i += 2) {
			headers.add(headerPairs[i], headerPairs[i + 1]);
		}
		return headers;
	}

}
