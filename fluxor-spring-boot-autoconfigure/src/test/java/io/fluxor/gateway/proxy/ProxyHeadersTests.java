package io.fluxor.gateway.proxy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProxyHeaders#copyResponse}: what of an upstream's response headers reaches the client.
 */
class ProxyHeadersTests {

	@Test
	void anEmptyResponseGetsTheUpstreamsEndToEndHeadersWithRepeatedValues() {
		HttpHeaders to = new DefaultHttpHeaders();
		ProxyHeaders.copyResponse(upstream(), to);
		assertThat(to.getAll("set-cookie")).containsExactly("a=1", "b=2");
		assertThat(to.get("content-type")).isEqualTo("text/plain");
		assertThat(to.names()).map(String::toLowerCase)
			.doesNotContain("connection", "x-hop", "keep-alive", "transfer-encoding");
	}

	@Test
	void headersSetBeforeWinOverTheUpstreamsOfTheSameNameAndKeepAllTheirValues() {
		HttpHeaders to = new DefaultHttpHeaders().add("transfer-encoding", "chunked")
			.add("X-RateLimit-Remaining", "7")
			.add("Content-Type", "application/json")
			.add("Via", "1.1 a")
			.add("Via", "1.1 b");
		ProxyHeaders.copyResponse(upstream(), to);
		assertThat(to.getAll("x-ratelimit-remaining")).containsExactly("7");
		assertThat(to.getAll("content-type")).containsExactly("application/json");
		assertThat(to.getAll("via")).containsExactly("1.1 a", "1.1 b");
		assertThat(to.getAll("set-cookie")).containsExactly("a=1", "b=2");
		assertThat(to.names()).map(String::toLowerCase).doesNotContain("transfer-encoding", "x-hop", "connection");
	}

	private static HttpHeaders upstream() {
		return new DefaultHttpHeaders().add("Content-Type", "text/plain")
			.add("Set-Cookie", "a=1")
			.add("Set-Cookie", "b=2")
			.add("Connection", "keep-alive, X-Hop")
			.add("X-Hop", "dropped")
			.add("Keep-Alive", "timeout=5")
			.add("Transfer-Encoding", "chunked")
			.add("Content-Type", "text/html");
	}

}
