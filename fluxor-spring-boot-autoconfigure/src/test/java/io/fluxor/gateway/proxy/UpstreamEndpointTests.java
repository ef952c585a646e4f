package io.fluxor.gateway.proxy;

import java.net.InetSocketAddress;

import io.fluxor.gateway.loadbalance.Upstream;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UpstreamEndpoint}: the client's bound address and the relative URIs it is given.
 */
class UpstreamEndpointTests {

	private final HttpClient client = HttpClient.create();

	@Test
	void theClientIsBoundToTheUrlsHostAndPortAndTheRequestUriIsRelative() {
		UpstreamEndpoint endpoint = UpstreamEndpoint.of(Upstream.of("http://127.0.0.1:9001"), this.client);
		assertThat(address(endpoint)).isEqualTo(InetSocketAddress.createUnresolved("127.0.0.1", 9001));
		assertThat(endpoint.client(null).configuration().isSecure()).isFalse();
		assertThat(endpoint.uri("/users/1", null)).isEqualTo("/users/1");
		assertThat(endpoint.uri("/users/1", "a=1&b=%20")).isEqualTo("/users/1?a=1&b=%20");
		assertThat(endpoint.uri("", null)).isEqualTo("/");
	}

	@Test
	void thePathOfTheUrlPrefixesEveryForwardedPath() {
		UpstreamEndpoint endpoint = UpstreamEndpoint.of(Upstream.of("http://svc.internal:8080/base/"), this.client);
		assertThat(endpoint.uri("/users", "q=1")).isEqualTo("/base/users?q=1");
		assertThat(address(endpoint).getHostString()).isEqualTo("svc.internal");
	}

	@Test
	void httpsUrlsUseTlsAndDefaultPortsFollowTheScheme() {
		UpstreamEndpoint secure = UpstreamEndpoint.of(Upstream.of("https://svc.internal"), this.client);
		assertThat(secure.client(null).configuration().isSecure()).isTrue();
		assertThat(address(secure).getPort()).isEqualTo(443);
		assertThat(address(UpstreamEndpoint.of(Upstream.of("http://svc.internal"), this.client)).getPort()).isEqualTo(80);
	}

	@Test
	void anIpv6LiteralIsBoundWithoutItsBrackets() {
		UpstreamEndpoint endpoint = UpstreamEndpoint.of(Upstream.of("http://[::1]:9001"), this.client);
		assertThat(address(endpoint).getHostString()).isEqualTo("::1");
	}

	private static InetSocketAddress address(UpstreamEndpoint endpoint) {
		return (InetSocketAddress) endpoint.client(null).configuration().remoteAddress().get();
	}

}
