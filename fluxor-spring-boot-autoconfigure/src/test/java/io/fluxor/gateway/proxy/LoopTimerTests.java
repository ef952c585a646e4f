package io.fluxor.gateway.proxy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

class LoopTimerTests {

	private final NioEventLoopGroup group = new NioEventLoopGroup(1);

	private final EventLoop loop = this.group.next();

	@AfterEach
	void shutDown() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void onItsLoopATimerFiresOnThatLoopAndTheLoopKeepsOneScheduler() throws Exception {
		CompletableFuture<Scheduler[]> schedulers = new CompletableFuture<>();
		this.loop.execute(() -> schedulers.complete(new Scheduler[] { LoopTimer.of(this.loop), LoopTimer.of(this.loop) }));
		Scheduler[] onLoop = schedulers.get(5, TimeUnit.SECONDS);
		assertThat(onLoop[0]).isSameAs(onLoop[1]).isNotSameAs(Schedulers.parallel());
		CompletableFuture<Boolean> firedOnLoop = new CompletableFuture<>();
		this.loop.execute(() -> Mono.delay(Duration.ofMillis(10), LoopTimer.of(this.loop))
			.subscribe((tick) -> firedOnLoop.complete(this.loop.inEventLoop())));
		assertThat(firedOnLoop.get(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aTimerCancelledOnItsLoopNeverFires() throws Exception {
		AtomicBoolean fired = new AtomicBoolean();
		CompletableFuture<Boolean> outcome = new CompletableFuture<>();
		this.loop.execute(() -> Mono.delay(Duration.ofMillis(50), LoopTimer.of(this.loop))
			.doOnNext((tick) -> fired.set(true))
			.map((tick) -> false)
			.timeout(Mono.delay(Duration.ofMillis(10), LoopTimer.of(this.loop)), Mono.just(true))
			.subscribe(outcome::complete));
		assertThat(outcome.get(5, TimeUnit.SECONDS)).as("the shorter timer won").isTrue();
		CompletableFuture<Boolean> firedLater = new CompletableFuture<>();
		this.loop.schedule(() -> firedLater.complete(fired.get()), 100, TimeUnit.MILLISECONDS);
		assertThat(firedLater.get(5, TimeUnit.SECONDS)).as("the cancelled timer fired").isFalse();
	}

	@Test
	void offTheLoopTheTimersUseTheParallelScheduler() {
		assertThat(LoopTimer.of(this.loop)).isSameAs(Schedulers.parallel());
		assertThat(LoopTimer.of(null)).isSameAs(Schedulers.parallel());
	}

}
