package io.fluxor.eventbus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class DefaultEventBusTests {

	private final EventLoopGroup loops = new EventLoopGroup(EventLoopOptions.defaults().withCount(2)).start();

	private final DefaultEventBus bus = new DefaultEventBus(this.loops);

	@AfterEach
	void close() {
		this.bus.close();
		this.loops.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void sendDeliversToOneConsumerRoundRobinEachOnItsOwnLoop() {
		List<String> first = new CopyOnWriteArrayList<>();
		List<String> second = new CopyOnWriteArrayList<>();
		this.bus.consumer("orders", this.loops.loop(0), (message) -> first.add(Thread.currentThread().getName()));
		this.bus.consumer("orders", this.loops.loop(1), (message) -> second.add(Thread.currentThread().getName()));
		for (int i = 0; i < 10; i++) {
			this.bus.send("orders", i);
		}
		await().until(() -> first.size() + second.size() == 10);
		assertThat(first).hasSize(5).containsOnly("fluxor-loop-0");
		assertThat(second).hasSize(5).containsOnly("fluxor-loop-1");
	}

	@Test
	void publishDeliversToEveryConsumer() {
		AtomicInteger received = new AtomicInteger();
		for (int i = 0; i < 4; i++) {
			this.bus.consumer("news", (message) -> received.incrementAndGet());
		}
		assertThat(this.bus.publish("news", "hello")).isEqualTo(4);
		await().until(() -> received.get() == 4);
		assertThat(statisticsOf("news").published()).isEqualTo(1);
		assertThat(statisticsOf("news").received()).isEqualTo(4);
	}

	@Test
	void publishToAnAddressWithoutConsumersIsCountedAsUnrouted() {
		assertThat(this.bus.publish("nobody", "hello")).isZero();
		AddressStatistics unrouted = statisticsOf(AddressStatistics.UNROUTED_ADDRESS);
		assertThat(unrouted.failures(DeliveryFailure.NO_HANDLERS)).isEqualTo(1);
	}

	@Test
	void sendToAnAddressWithoutConsumersFailsTheCallerNamingTheAddress() {
		assertThatExceptionOfType(DeliveryException.class).isThrownBy(() -> this.bus.send("nobody", "x"))
			.withMessage("No handlers for address 'nobody'")
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(DeliveryFailure.NO_HANDLERS));
	}

	@Test
	void requestGetsTheReplyWithItsHeaders() throws Exception {
		this.bus.<String>consumer("greet",
				(message) -> message.reply("hello " + message.body(), DeliveryOptions.DEFAULT.withHeader("by", "greeter")));
		Message<String> reply = this.bus.<String>request("greet", "bob").get(5, TimeUnit.SECONDS);
		assertThat(reply.body()).isEqualTo("hello bob");
		assertThat(reply.headers()).containsEntry("by", "greeter");
		assertThat(statisticsOf("greet").replied()).isEqualTo(1);
		await().until(() -> this.bus.pendingReplies() == 0);
	}

	@Test
	void requestMonoGetsTheReply() {
		this.bus.<Integer>consumer("double", (message) -> message.reply(message.body() * 2));
		StepVerifier.create(this.bus.<Integer>requestMono("double", 21, DeliveryOptions.DEFAULT).map(Message::body))
			.expectNext(42)
			.verifyComplete();
	}

	@Test
	void aRequestNobodyAnswersTimesOutNamingTheAddressAndTheWait() {
		this.bus.consumer("silent", (message) -> {
		});
		CompletableFuture<Message<Object>> reply = this.bus.request("silent", "x",
				DeliveryOptions.DEFAULT.withTimeout(Duration.ofMillis(50)));
		DeliveryException failure = failureOf(reply);
		assertThat(failure.failure()).isEqualTo(DeliveryFailure.TIMEOUT);
		assertThat(failure.waitedMillis()).isGreaterThanOrEqualTo(50);
		assertThat(failure.getMessage()).startsWith("Timed out after ").endsWith("waiting for a reply from 'silent'");
		assertThat(statisticsOf("silent").failures(DeliveryFailure.TIMEOUT)).isEqualTo(1);
		assertThat(this.bus.pendingReplies()).isZero();
	}

	@Test
	void aRecipientFailureReachesTheRequesterWithItsCode() {
		this.bus.consumer("picky", (message) -> message.fail(422, "no thanks"));
		DeliveryException failure = failureOf(this.bus.request("picky", "x"));
		assertThat(failure.failure()).isEqualTo(DeliveryFailure.RECIPIENT_FAILURE);
		assertThat(failure.failureCode()).isEqualTo(422);
		assertThat(failure.getMessage()).isEqualTo("Recipient of 'picky' failed with code 422: no thanks");
	}

	@Test
	void aConsumerThatThrowsFailsTheRequest() {
		this.bus.consumer("broken", (message) -> {
			throw new IllegalStateException("bug");
		});
		DeliveryException failure = failureOf(this.bus.request("broken", "x"));
		assertThat(failure.failure()).isEqualTo(DeliveryFailure.RECIPIENT_FAILURE);
		assertThat(failure.getMessage()).contains("bug");
		assertThat(statisticsOf("broken").failures(DeliveryFailure.RECIPIENT_FAILURE)).isEqualTo(1);
	}

	@Test
	void aConsumerThatThrowsAfterAWhileTellsTheRequesterHowLongItWaited() {
		this.bus.consumer("slow.broken", (message) -> {
			new CountDownLatch(1).await(60, TimeUnit.MILLISECONDS); // slow work before the bug
			throw new IllegalStateException("bug");
		});
		DeliveryException failure = failureOf(this.bus.request("slow.broken", "x"));
		assertThat(failure.failure()).isEqualTo(DeliveryFailure.RECIPIENT_FAILURE);
		assertThat(failure.address()).isEqualTo("slow.broken");
		assertThat(failure.waitedMillis()).isGreaterThanOrEqualTo(60);
	}

	@Test
	void aRequestFailedBecauseItsLoopShutDownTellsTheRequesterHowLongItWaited() throws Exception {
		EventLoopGroup single = new EventLoopGroup(EventLoopOptions.defaults().withCount(1)).start();
		DefaultEventBus singleBus = new DefaultEventBus(single);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		try {
			singleBus.consumer("held", (message) -> {
				started.countDown();
				release.await(5, TimeUnit.SECONDS);
			});
			singleBus.send("held", 1);
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Message<Object>> queued = singleBus.request("held", 2);
			// the drain gives up after 60 ms while the first message still holds the loop
			single.shutdown(Duration.ofMillis(60));
			release.countDown();
			DeliveryException failure = failureOf(queued);
			assertThat(failure.failure()).isEqualTo(DeliveryFailure.REJECTED);
			assertThat(failure.waitedMillis()).isGreaterThanOrEqualTo(60);
		}
		finally {
			release.countDown();
			singleBus.close();
			single.shutdown(Duration.ofSeconds(5));
		}
	}

	@Test
	void aRequestToAnAddressWithoutConsumersFailsAtOnce() {
		CompletableFuture<Message<Object>> reply = this.bus.request("nobody", "x");
		assertThat(reply).isCompletedExceptionally();
		assertThat(failureOf(reply).failure()).isEqualTo(DeliveryFailure.NO_HANDLERS);
		assertThat(this.bus.pendingReplies()).isZero();
	}

	@Test
	void aFullConsumerLoopRejectsTheMessageAndTheCallerKnows() throws Exception {
		EventLoopGroup tiny = new EventLoopGroup(EventLoopOptions.defaults().withCount(1).withRingBufferSize(2))
			.start();
		DefaultEventBus tinyBus = new DefaultEventBus(tiny);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		try {
			tinyBus.consumer("slow", (message) -> {
				started.countDown();
				release.await(5, TimeUnit.SECONDS);
			});
			tinyBus.send("slow", 1);
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			tinyBus.send("slow", 2);
			assertThatExceptionOfType(DeliveryException.class).isThrownBy(() -> tinyBus.send("slow", 3))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(DeliveryFailure.REJECTED))
				.withMessageContaining("'slow'")
				.withMessageContaining("full");
			DeliveryException requestFailure = failureOf(tinyBus.request("slow", 5));
			assertThat(requestFailure.failure()).isEqualTo(DeliveryFailure.REJECTED);
			assertThat(tinyBus.pendingReplies()).isZero();
			AddressStatistics stats = tinyBus.addresses()
				.stream()
				.filter((candidate) -> candidate.address().equals("slow"))
				.findFirst()
				.orElseThrow();
			assertThat(stats.failures(DeliveryFailure.REJECTED)).isEqualTo(2);
		}
		finally {
			release.countDown();
			tinyBus.close();
			tiny.shutdown(Duration.ofSeconds(5));
		}
	}

	@Test
	void aRequestMadeOnALoopCompletesOnThatLoop() throws Exception {
		this.bus.consumer("echo", this.loops.loop(1), (message) -> message.reply(message.body()));
		CompletableFuture<String> continuationThread = new CompletableFuture<>();
		this.loops.loop(0)
			.execute(() -> this.bus.request("echo", "x")
				.thenRun(() -> continuationThread.complete(Thread.currentThread().getName())));
		assertThat(continuationThread.get(5, TimeUnit.SECONDS)).isEqualTo("fluxor-loop-0");
	}

	@Test
	void aConsumerRegisteredFromALoopRunsOnThatLoop() throws Exception {
		CompletableFuture<String> handlerThread = new CompletableFuture<>();
		CountDownLatch registered = new CountDownLatch(1);
		this.loops.loop(1).execute(() -> {
			this.bus.consumer("here", (message) -> handlerThread.complete(Thread.currentThread().getName()));
			registered.countDown();
		});
		assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
		this.bus.send("here", "x");
		assertThat(handlerThread.get(5, TimeUnit.SECONDS)).isEqualTo("fluxor-loop-1");
	}

	@Test
	void interceptorsSeeOutboundAndInboundMessagesAndCanStopThem() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		this.bus.addInterceptor(new EventBusInterceptor() {

			@Override
			public boolean outbound(DeliveryContext context) {
				context.headers().put("trace-id", "t-1");
				seen.add("out:" + context.kind() + ":" + context.address());
				return !"forbidden".equals(context.address());
			}

			@Override
			public boolean inbound(DeliveryContext context) {
				seen.add("in:" + context.kind() + ":" + context.address());
				return true;
			}

		});
		this.bus.consumer("traced", (message) -> message.reply(message.headers().get("trace-id")));
		this.bus.consumer("forbidden", (message) -> message.reply("never"));
		assertThat(this.bus.request("traced", "x").get(5, TimeUnit.SECONDS).body()).isEqualTo("t-1");
		assertThat(seen).containsExactly("out:REQUEST:traced", "in:REQUEST:traced");
		assertThat(failureOf(this.bus.request("forbidden", "x")).failure()).isEqualTo(DeliveryFailure.REJECTED);
	}

	@Test
	void consumersCanComeAndGoWhileMessagesFlowWithoutLosingAny() throws Exception {
		AtomicInteger received = new AtomicInteger();
		this.bus.consumer("busy", this.loops.loop(0), (message) -> received.incrementAndGet());
		int messages = 20_000;
		CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < messages; i++) {
				while (true) {
					try {
						this.bus.send("busy", i);
						break;
					}
					catch (DeliveryException ex) {
						assertThat(ex.failure()).isEqualTo(DeliveryFailure.REJECTED);
					}
				}
			}
		});
		while (!sender.isDone()) {
			MessageConsumer extra = this.bus.consumer("busy", this.loops.loop(1), (message) -> received.incrementAndGet());
			extra.unregister();
		}
		sender.get(30, TimeUnit.SECONDS);
		await().until(() -> received.get() == messages);
		assertThat(this.bus.consumerCount("busy")).isEqualTo(1);
	}

	@Test
	void closingTheBusFailsRequestsStillWaiting() {
		this.bus.consumer("silent", (message) -> {
		});
		CompletableFuture<Message<Object>> reply = this.bus.request("silent", "x");
		await().until(() -> statisticsOf("silent").received() == 1);
		this.bus.close();
		assertThat(failureOf(reply).failure()).isEqualTo(DeliveryFailure.REJECTED);
	}

	@Test
	void aRequestAfterTheBusClosedFailsThroughItsFutureAndLeavesNothingPending() {
		this.bus.consumer("late", (message) -> message.reply("never"));
		this.bus.close();
		CompletableFuture<Message<Object>> reply = this.bus.request("late", "x");
		DeliveryException failure = failureOf(reply);
		assertThat(failure.failure()).isEqualTo(DeliveryFailure.REJECTED);
		assertThat(failure.getMessage()).contains("'late'").contains("closed");
		assertThat(this.bus.pendingReplies()).isZero();
	}

	@Test
	void repliesToMessagesThatExpectNoneAreIgnored() {
		CountDownLatch handled = new CountDownLatch(1);
		this.bus.consumer("fire-and-forget", (message) -> {
			assertThat(message.expectsReply()).isFalse();
			message.reply("ignored");
			message.fail(500, "ignored");
			handled.countDown();
		});
		this.bus.send("fire-and-forget", "x", DeliveryOptions.DEFAULT.withHeaders(Map.of("a", "b")));
		await().until(() -> handled.getCount() == 0);
		assertThat(EventLoop.current()).isNull();
	}

	private AddressStatistics statisticsOf(String address) {
		return this.bus.addresses()
			.stream()
			.filter((candidate) -> candidate.address().equals(address))
			.findFirst()
			.orElseThrow();
	}

	private static DeliveryException failureOf(CompletableFuture<?> future) {
		try {
			future.get(5, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(DeliveryException.class);
			return (DeliveryException) ex.getCause();
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
		throw new AssertionError("expected a failure");
	}

}
