package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
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
	void eachLoopKeepsOneClientOfItsOwn() {
		EventLoopGroup group = this.resources.onServer(true);
		EventLoop first = group.next();
		EventLoop second = group.next();
		assertThat(this.client.httpClient(first)).isSameAs(this.client.httpClient(first))
			.isNotSameAs(this.client.httpClient(second))
			.isNotSameAs(this.client.httpClient());
	}

}
