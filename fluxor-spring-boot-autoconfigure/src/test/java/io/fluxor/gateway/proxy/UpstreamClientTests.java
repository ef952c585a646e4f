package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fluxor.gateway.loadbalance.Upstream;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamClientTests {

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final LoopResources resources = LoopResources.create("upstream-client-test", 2, true);

	private final UpstreamClient client = UpstreamClient.create(UpstreamClientOptions.DEFAULTS);

	@AfterEach
	void dispose() {
		this.client.dispose();
		this.resources.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
	}

	@Test
	void aLoopsClientOpensItsConnectionsOnThatLoopWhoeverSubscribes() {
		TestUpstream upstream = fixture.text("ok");
		EventLoopGroup group = this.resources.onServer(true);
		EventLoop first = group.next();
		EventLoop second = group.next();
		assertThat(first).isNotSameAs(second);
		for (EventLoop loop : List.of(first, second)) {
			Set<EventLoop> seen = ConcurrentHashMap.newKeySet();
			HttpClient client = this.client.httpClient(loop)
				.doOnRequest((request, connection) -> seen.add(connection.channel().eventLoop()));
			List<String> bodies = Flux.range(0, 20)
				.flatMap((i) -> client.get().uri(upstream.url() + "/x").responseContent().aggregate().asString(), 4)
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(bodies).hasSize(20).containsOnly("ok");
			assertThat(seen).containsExactly(loop);
		}
	}

	@Test
	void sequentialRequestsThroughAProxiedRouteReuseKeptAliveUpstreamConnections() {
		TestUpstream upstream = fixture.text("ok");
		TestGateway gateway = fixture.gateway("/api/**", ProxyOptions.builder(List.of(Upstream.of(upstream.url()))).build());
		ConnectionProvider one = ConnectionProvider.create("keep-alive-test", 1);
		try {
			// one kept-alive client connection: every request is read by the same gateway loop, whose pool
			// hands the idle upstream connection of the previous request to the next
			HttpClient client = HttpClient.create(one).baseUrl("http://127.0.0.1:" + gateway.port());
			for (int i = 0; i < 20; i++) {
				assertThat(client.get().uri("/api/" + i).responseContent().aggregate().asString().block(TestGateway.TIMEOUT))
					.isEqualTo("ok");
			}
			assertThat(upstream.calls()).isEqualTo(20);
			assertThat(upstream.connections()).as("connections for 20 requests over one client connection").isEqualTo(1);
		}
		finally {
			one.disposeLater().block(TestGateway.TIMEOUT);
		}
		// a connection per request: the gateway reads them on any of its loops, each with a pool of its own
		for (int i = 0; i < 20; i++) {
			assertThat(gateway.get("/api/" + i).body()).isEqualTo("ok");
		}
		assertThat(upstream.calls()).isEqualTo(40);
		assertThat(upstream.connections()).as("connections for 40 requests")
			.isLessThanOrEqualTo(LoopResources.DEFAULT_IO_WORKER_COUNT);
	}

	@Test
	void eachLoopKeepsOneClientOfItsOwn() {
		EventLoopGroup group = this.resources.onServer(true);
		EventLoop first = group.next();
		EventLoop second = group.next();
		assertThat(this.client.httpClient(first)).isSameAs(this.client.httpClient(first))
			.isNotSameAs(this.client.httpClient(second))
			.isNotSameAs(this.client.httpClient());
	}

}
