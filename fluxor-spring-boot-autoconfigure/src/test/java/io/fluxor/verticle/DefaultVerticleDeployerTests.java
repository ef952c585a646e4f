package io.fluxor.verticle;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.fluxor.eventbus.DefaultEventBus;
import io.fluxor.eventbus.DeliveryException;
import io.fluxor.eventbus.DeliveryFailure;
import io.fluxor.eventbus.Message;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class DefaultVerticleDeployerTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final EventLoopGroup loops = new EventLoopGroup(EventLoopOptions.defaults().withCount(2)).start();

	private final DefaultEventBus bus = new DefaultEventBus(this.loops);

	private final DefaultVerticleDeployer deployer = new DefaultVerticleDeployer(this.loops, this.bus);

	@AfterEach
	void close() {
		this.deployer.shutdown(WAIT);
		this.bus.close();
		this.loops.shutdown(WAIT);
	}

	@Test
	void aConsumerTakingThePayloadRepliesWithItsReturnValue() {
		deploy(new Greeter());
		assertThat(requestBody("greet", "bob")).isEqualTo("hello bob");
	}

	@Test
	void aConsumerTakingTheMessageSeesItsHeadersAndRepliesItself() {
		deploy(new Greeter());
		assertThat(requestBody("greet.manual", "bob")).isEqualTo("manual greet.manual bob");
	}

	@Test
	void aCompletableFutureResultIsTheReplyOnceItCompletes() {
		deploy(new Greeter());
		assertThat(requestBody("greet.future", "bob")).isEqualTo("future bob");
	}

	@Test
	void aMonoResultIsTheReplyAndAnEmptyMonoRepliesNull() {
		deploy(new Greeter());
		StepVerifier.create(this.bus.<String>requestMono("greet.mono", "bob", io.fluxor.eventbus.DeliveryOptions.DEFAULT)
			.map(Message::body)).expectNext("mono bob").verifyComplete();
		assertThat(requestBody("greet.empty", "bob")).isNull();
	}

	@Test
	void aVoidConsumerAcknowledgesARequestWithNull() {
		Greeter greeter = new Greeter();
		deploy(greeter);
		assertThat(requestBody("greet.record", "bob")).isNull();
		assertThat(greeter.recorded).containsExactly("bob");
	}

	@Test
	void aVerticleFailureFailsTheRequestWithItsCode() {
		deploy(new Greeter());
		DeliveryException failure = requestFailure("greet.refuse", "bob");
		assertThat(failure.failure()).isEqualTo(DeliveryFailure.RECIPIENT_FAILURE);
		assertThat(failure.failureCode()).isEqualTo(422);
		assertThat(failure.getMessage()).endsWith("failed with code 422: bob is not welcome");
	}

	@Test
	void anUnexpectedExceptionFailsTheRequestWithCode500() {
		deploy(new Greeter());
		DeliveryException failure = requestFailure("greet.broken", "bob");
		assertThat(failure.failure()).isEqualTo(DeliveryFailure.RECIPIENT_FAILURE);
		assertThat(failure.failureCode()).isEqualTo(500);
		assertThat(failure.getMessage()).endsWith("failed with code 500: broken");
	}

	@Test
	void aFailedFutureAndAFailedMonoFailTheRequest() {
		deploy(new Greeter());
		assertThat(requestFailure("greet.future.failed", "bob").failureCode()).isEqualTo(409);
		assertThat(requestFailure("greet.mono.failed", "bob").failureCode()).isEqualTo(500);
	}

	@Test
	void aFailedMessageThatExpectsNoReplyIsCountedAsARecipientFailure() {
		deploy(new Greeter());
		this.bus.send("greet.broken", "bob");
		this.bus.send("greet.future.failed", "bob");
		this.bus.send("greet", 42);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(recipientFailures("greet.broken")).isEqualTo(1);
			assertThat(recipientFailures("greet.future.failed")).isEqualTo(1);
			assertThat(recipientFailures("greet")).isEqualTo(1);
		});
	}

	@Test
	void aMessageThatExpectsNoReplyRefusedByABusyWorkerIsCounted() {
		BlockedWorker worker = new BlockedWorker();
		this.deployer.deploy(worker, DeploymentOptions.DEFAULT.withWorker(true)).join();
		try {
			this.bus.send("blocked", 0);
			await().atMost(WAIT).until(() -> worker.running.getCount() == 0);
			for (int i = 0; i < VerticleInstance.WORKER_QUEUE_LIMIT + 1; i++) {
				this.bus.send("blocked", i + 1);
			}
			await().atMost(WAIT).until(() -> recipientFailures("blocked") == 1);
		}
		finally {
			worker.release.countDown();
		}
	}

	@Test
	void aBodyOfTheWrongTypeFailsTheRequestWithCode400NamingTheMethod() {
		deploy(new Greeter());
		DeliveryException failure = requestFailure("greet", 42);
		assertThat(failure.failureCode()).isEqualTo(400);
		assertThat(failure.getMessage()).contains("Greeter.greet()").contains("java.lang.Integer");
	}

	@Test
	void aVerticleWithAnInvalidSignatureIsRefusedNamingTheMethod() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.deployer.deploy(new TwoPayloads(), DeploymentOptions.DEFAULT))
			.withMessageContaining("TwoPayloads.both()");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.deployer.deploy(new Streaming(), DeploymentOptions.DEFAULT))
			.withMessageContaining("Streaming.stream() returns a Flux");
		assertThat(this.deployer.deployments()).isEmpty();
	}

	@Test
	void anInstanceRunsItsStartHookAndHandlersOnItsOwnLoop() {
		LoopRecorder recorder = new LoopRecorder();
		deploy(recorder);
		for (int i = 0; i < 20; i++) {
			requestBody("where", i);
		}
		assertThat(recorder.threads).hasSize(21).containsOnly(recorder.threads.get(0));
		assertThat(recorder.threads.get(0)).startsWith("fluxor-loop-");
		assertThat(this.deployer.deployments()).singleElement()
			.satisfies((deployment) -> assertThat(deployment.loops()).containsExactly(recorder.threads.get(0)));
	}

	@Test
	void severalInstancesAreSpreadOverTheLoops() {
		Set<String> threads = ConcurrentHashMap.newKeySet();
		String id = this.deployer.deploy(() -> new Object() {

			@Consume("spread")
			String where() {
				threads.add(Thread.currentThread().getName());
				return Thread.currentThread().getName();
			}

		}, DeploymentOptions.DEFAULT.withName("spread").withInstances(2)).join();
		for (int i = 0; i < 10; i++) {
			requestBody("spread", null);
		}
		assertThat(threads).containsExactlyInAnyOrder("fluxor-loop-0", "fluxor-loop-1");
		assertThat(this.bus.consumerCount("spread")).isEqualTo(2);
		assertThat(this.deployer.deployments()).singleElement().satisfies((deployment) -> {
			assertThat(deployment.id()).isEqualTo(id);
			assertThat(deployment.instances()).isEqualTo(2);
			assertThat(deployment.state()).isEqualTo(VerticleState.RUNNING);
		});
	}

	@Test
	void deployingOneObjectAsSeveralInstancesIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.deployer.deploy(new Greeter(), DeploymentOptions.DEFAULT.withInstances(2)))
			.withMessageContaining("deploy a factory");
	}

	@Test
	void aWorkerVerticleRunsItsHandlersOffTheLoopOneAtATime() {
		WorkerRecorder worker = new WorkerRecorder();
		this.deployer.deploy(worker, DeploymentOptions.DEFAULT.withWorker(true)).join();
		List<CompletableFuture<Message<String>>> replies = new CopyOnWriteArrayList<>();
		for (int i = 0; i < 8; i++) {
			replies.add(this.bus.request("work", i));
		}
		CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0])).orTimeout(5, TimeUnit.SECONDS).join();
		assertThat(replies).allSatisfy((reply) -> assertThat(reply.join().body()).startsWith("fluxor-worker-"));
		assertThat(worker.maxConcurrent.get()).isEqualTo(1);
	}

	@Test
	void anAsyncStartHookDelaysTheConsumersUntilItCompletes() {
		DelayedStart verticle = new DelayedStart();
		CompletableFuture<String> deployed = this.deployer.deploy(verticle, DeploymentOptions.DEFAULT);
		await().atMost(WAIT).until(() -> verticle.context != null);
		assertThat(this.bus.consumerCount("delayed")).isZero();
		assertThat(this.deployer.deployments()).singleElement()
			.satisfies((deployment) -> assertThat(deployment.state()).isEqualTo(VerticleState.STARTING));
		verticle.started.complete(null);
		deployed.join();
		assertThat(requestBody("delayed", 30L)).isEqualTo("waited 30 ms on " + verticle.context.loop().name());
	}

	@Test
	void aStartThatFailsTwiceIsRestartedAndRuns() {
		FlakyStart flaky = new FlakyStart(2);
		String id = this.deployer.deploy(flaky, fastRestarts(3)).join();
		assertThat(flaky.attempts).hasValue(3);
		VerticleDeployment deployment = this.deployer.deployments().get(0);
		assertThat(deployment.id()).isEqualTo(id);
		assertThat(deployment.state()).isEqualTo(VerticleState.RUNNING);
		assertThat(deployment.restarts()).isEqualTo(2);
		assertThat(deployment.lastFailure()).contains("start attempt 2 failed");
		assertThat(statistics("flaky").restarts()).isEqualTo(2);
		assertThat(requestBody("flaky", "x")).isEqualTo("up");
	}

	@Test
	void aStartThatAlwaysFailsEndsFailedAfterMaxRestarts() {
		FlakyStart broken = new FlakyStart(Integer.MAX_VALUE);
		CompletableFuture<String> deployed = this.deployer.deploy(broken, fastRestarts(2));
		assertThat(deployed).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(DeploymentFailedException.class)
			.withMessageContaining("Verticle 'flaky' failed after 2 restarts");
		assertThat(broken.attempts).hasValue(3);
		assertThat(this.deployer.deployments()).singleElement().satisfies((deployment) -> {
			assertThat(deployment.state()).isEqualTo(VerticleState.FAILED);
			assertThat(deployment.restarts()).isEqualTo(2);
		});
		assertThat(statistics("flaky").failed()).isEqualTo(1);
		assertThat(this.bus.consumerCount("flaky")).isZero();
	}

	@Test
	void theRestartBackoffDoublesEachTime() {
		FlakyStart broken = new FlakyStart(Integer.MAX_VALUE);
		DeploymentOptions options = fastRestarts(3).withRestartBackoff(Duration.ofMillis(40), Duration.ofSeconds(1));
		assertThat(this.deployer.deploy(broken, options)).failsWithin(WAIT);
		List<Long> starts = broken.startNanos;
		assertThat(starts).hasSize(4);
		assertThat(millisBetween(starts, 0)).isGreaterThanOrEqualTo(40);
		assertThat(millisBetween(starts, 1)).isGreaterThanOrEqualTo(80);
		assertThat(millisBetween(starts, 2)).isGreaterThanOrEqualTo(160);
	}

	@Test
	void theBackoffIsCappedAtItsMaximum() {
		DeploymentOptions options = DeploymentOptions.DEFAULT.withRestartBackoff(Duration.ofMillis(100),
				Duration.ofMillis(300));
		assertThat(options.backoff(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(options.backoff(2)).isEqualTo(Duration.ofMillis(200));
		assertThat(options.backoff(3)).isEqualTo(Duration.ofMillis(300));
		assertThat(options.backoff(70)).isEqualTo(Duration.ofMillis(300));
	}

	@Test
	void aCrashedInstanceIsRestartedWithItsConsumers() {
		Crasher crasher = new Crasher();
		this.deployer.deploy(crasher, fastRestarts(3)).join();
		assertThat(requestBody("crash", "x")).isEqualTo("crashing");
		await().atMost(WAIT).until(() -> crasher.starts.get() == 2
				&& this.deployer.deployments().get(0).state() == VerticleState.RUNNING);
		assertThat(this.deployer.deployments().get(0).restarts()).isEqualTo(1);
		assertThat(this.bus.consumerCount("crash")).isEqualTo(1);
	}

	@Test
	void aCrashedWorkerIsRestartedOnlyOnceItsRunningHandlerHasReturned() {
		CrashingWorker worker = new CrashingWorker();
		this.deployer.deploy(worker, fastRestarts(3).withWorker(true)).join();
		assertThat(requestBody("crash-worker", "x")).isEqualTo("crashing");
		await().atMost(WAIT).until(() -> worker.starts.get() == 2
				&& this.deployer.deployments().get(0).state() == VerticleState.RUNNING);
		assertThat(worker.startsDuringAHandler).hasValue(0);
	}

	@Test
	void undeployRunsTheStopHookThenUnregistersTheConsumers() {
		LoopRecorder recorder = new LoopRecorder();
		String id = deploy(recorder);
		assertThat(this.bus.consumerCount("where")).isEqualTo(1);
		assertThat(this.deployer.undeploy(id)).succeedsWithin(WAIT);
		assertThat(recorder.consumersWhenStopping).isEqualTo(1);
		assertThat(recorder.threads).containsOnly(recorder.threads.get(0)).hasSize(2);
		assertThat(this.bus.consumerCount("where")).isZero();
		assertThat(this.deployer.deployments()).isEmpty();
		assertThat(requestFailure("where", 1).failure()).isEqualTo(DeliveryFailure.NO_HANDLERS);
	}

	@Test
	void aHookAfterAnAsyncHookStillRunsOnTheInstanceLoop() {
		TwoStepHooks verticle = new TwoStepHooks();
		String id = deploy(verticle);
		assertThat(this.deployer.undeploy(id)).succeedsWithin(WAIT);
		String loop = verticle.context.loop().name();
		assertThat(verticle.threads).containsExactly("first start on " + loop, "second start on " + loop,
				"first stop on " + loop, "second stop on " + loop);
	}

	@Test
	void startHooksRunSuperclassFirstAndStopHooksSubclassFirst() {
		SubclassHooks verticle = new SubclassHooks();
		String id = deploy(verticle);
		assertThat(this.deployer.undeploy(id)).succeedsWithin(WAIT);
		assertThat(verticle.events).containsExactly("base start", "subclass start", "subclass stop", "base stop");
	}

	@Test
	void undeployingAWorkerVerticleRunsTheStopHookAfterItsRunningHandler() {
		StoppableWorker worker = new StoppableWorker();
		String id = this.deployer.deploy(worker, DeploymentOptions.DEFAULT.withWorker(true)).join();
		CompletableFuture<Message<Object>> reply = this.bus.request("stoppable", 1);
		await().atMost(WAIT).until(() -> worker.running.getCount() == 0);
		CompletableFuture<Void> undeployed = this.deployer.undeploy(id);
		CompletableFuture<Void> stopSeenByTheLoop = new CompletableFuture<>();
		worker.context.loop().execute(() -> stopSeenByTheLoop.complete(null));
		assertThat(stopSeenByTheLoop).succeedsWithin(WAIT);
		worker.release.countDown();
		assertThat(undeployed).succeedsWithin(WAIT);
		assertThat(reply).succeedsWithin(WAIT);
		assertThat(worker.events).containsExactly("handler done", "stopped");
	}

	@Test
	void undeployingAFailedVerticleClearsItsFailedGauge() {
		String name = "flaky";
		CompletableFuture<String> deployed = this.deployer.deploy(new FlakyStart(Integer.MAX_VALUE), fastRestarts(0));
		assertThat(deployed).failsWithin(WAIT);
		assertThat(statistics(name).failed()).isEqualTo(1);
		String id = this.deployer.deployments().get(0).id();
		assertThat(this.deployer.undeploy(id)).succeedsWithin(WAIT);
		assertThat(statistics(name).failed()).isZero();
	}

	@Test
	void undeployingAnUnknownIdFails() {
		assertThat(this.deployer.undeploy("nope")).failsWithin(WAIT)
			.withThrowableThat()
			.withMessageContaining("Unknown deployment id 'nope'");
	}

	private static DeploymentOptions fastRestarts(int maxRestarts) {
		return DeploymentOptions.DEFAULT.withName("flaky")
			.withRestarts(maxRestarts, Duration.ofSeconds(30))
			.withRestartBackoff(Duration.ofMillis(5), Duration.ofMillis(50));
	}

	private static long millisBetween(List<Long> nanos, int index) {
		return TimeUnit.NANOSECONDS.toMillis(nanos.get(index + 1) - nanos.get(index));
	}

	private VerticleStatistics statistics(String name) {
		return this.deployer.statistics().stream().filter((stats) -> stats.name().equals(name)).findFirst().orElseThrow();
	}

	private String deploy(Object verticle) {
		return this.deployer.deploy(verticle, DeploymentOptions.DEFAULT).orTimeout(5, TimeUnit.SECONDS).join();
	}

	private Object requestBody(String address, Object body) {
		return this.bus.request(address, body).orTimeout(5, TimeUnit.SECONDS).join().body();
	}

	private long recipientFailures(String address) {
		return this.bus.statistics()
			.addresses()
			.stream()
			.filter((stats) -> stats.address().equals(address))
			.mapToLong((stats) -> stats.failures(DeliveryFailure.RECIPIENT_FAILURE))
			.sum();
	}

	private DeliveryException requestFailure(String address, Object body) {
		CompletableFuture<Message<Object>> reply = this.bus.request(address, body);
		assertThat(reply).failsWithin(WAIT);
		return (DeliveryException) reply.handle((message, failure) -> failure).join();
	}

	static class Greeter {

		final List<String> recorded = new CopyOnWriteArrayList<>();

		@Consume("greet")
		String greet(String name) {
			return "hello " + name;
		}

		@Consume("greet.manual")
		void manual(Message<String> message) {
			message.reply("manual " + message.address() + " " + message.body());
		}

		@Consume("greet.future")
		CompletableFuture<String> future(String name) {
			return CompletableFuture.supplyAsync(() -> "future " + name);
		}

		@Consume("greet.mono")
		Mono<String> mono(String name) {
			return Mono.just("mono " + name);
		}

		@Consume("greet.empty")
		Mono<Void> empty() {
			return Mono.empty();
		}

		@Consume("greet.record")
		void record(String name) {
			this.recorded.add(name);
		}

		@Consume("greet.refuse")
		String refuse(String name) {
			throw new VerticleFailure(422, name + " is not welcome");
		}

		@Consume("greet.broken")
		String broken(String name) {
			throw new IllegalStateException("broken");
		}

		@Consume("greet.future.failed")
		CompletableFuture<String> failedFuture(String name) {
			return CompletableFuture.failedFuture(new VerticleFailure(409, "conflict"));
		}

		@Consume("greet.mono.failed")
		Mono<String> failedMono(String name) {
			return Mono.error(new IllegalStateException("mono broken"));
		}

	}

	static class TwoPayloads {

		@Consume("both")
		void both(String first, String second) {
		}

	}

	static class Streaming {

		@Consume("stream")
		reactor.core.publisher.Flux<String> stream() {
			return reactor.core.publisher.Flux.empty();
		}

	}

	static class LoopRecorder {

		final List<String> threads = new CopyOnWriteArrayList<>();

		volatile int consumersWhenStopping = -1;

		private VerticleContext context;

		@OnStart
		void start(VerticleContext context) {
			this.context = context;
			this.threads.add(Thread.currentThread().getName());
		}

		@Consume("where")
		String where(Message<Integer> message) {
			this.threads.add(Thread.currentThread().getName());
			return Thread.currentThread().getName();
		}

		@OnStop
		void stop() {
			this.threads.add(Thread.currentThread().getName());
			this.consumersWhenStopping = this.context.eventBus().statistics().consumerCount("where");
		}

	}

	static class WorkerRecorder {

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger maxConcurrent = new AtomicInteger();

		@Consume("work")
		String work(Integer item) throws InterruptedException {
			this.maxConcurrent.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			Thread.sleep(5); // blocking work is what a worker verticle is for
			this.running.decrementAndGet();
			return Thread.currentThread().getName();
		}

	}

	static class BlockedWorker {

		final CountDownLatch running = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Consume("blocked")
		void block(Integer item) throws InterruptedException {
			this.running.countDown();
			this.release.await(10, TimeUnit.SECONDS);
		}

	}

	static class DelayedStart {

		final CompletableFuture<Void> started = new CompletableFuture<>();

		volatile VerticleContext context;

		@OnStart
		CompletableFuture<Void> start(VerticleContext context) {
			this.context = context;
			return this.started;
		}

		@Consume("delayed")
		CompletableFuture<String> delayed(Long millis, VerticleContext context) {
			return context.delay(Duration.ofMillis(millis))
				.thenApply((ignored) -> "waited " + millis + " ms on " + Thread.currentThread().getName());
		}

	}

	static class TwoStepHooks {

		final List<String> threads = new CopyOnWriteArrayList<>();

		volatile VerticleContext context;

		// Each first hook completes on a Reactor timer thread, not on the loop.
		@OnStart
		Mono<Void> aStart(VerticleContext context) {
			this.context = context;
			this.threads.add("first start on " + Thread.currentThread().getName());
			return Mono.delay(Duration.ofMillis(5)).then();
		}

		@OnStart
		void bStart() {
			this.threads.add("second start on " + Thread.currentThread().getName());
		}

		@OnStop
		Mono<Void> aStop() {
			this.threads.add("first stop on " + Thread.currentThread().getName());
			return Mono.delay(Duration.ofMillis(5)).then();
		}

		@OnStop
		void bStop() {
			this.threads.add("second stop on " + Thread.currentThread().getName());
		}

	}

	static class BaseHooks {

		final List<String> events = new CopyOnWriteArrayList<>();

		@OnStart
		void zStartBase() {
			this.events.add("base start");
		}

		@OnStop
		void aStopBase() {
			this.events.add("base stop");
		}

	}

	// The names sort against the inheritance order, so that only the class decides the order.
	static class SubclassHooks extends BaseHooks {

		@OnStart
		void aStartSubclass() {
			this.events.add("subclass start");
		}

		@OnStop
		void zStopSubclass() {
			this.events.add("subclass stop");
		}

	}

	static class StoppableWorker {

		final CountDownLatch running = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<String> events = new CopyOnWriteArrayList<>();

		volatile VerticleContext context;

		@OnStart
		void start(VerticleContext context) {
			this.context = context;
		}

		@Consume("stoppable")
		void handle(Integer item) throws InterruptedException {
			this.running.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			this.events.add("handler done");
		}

		@OnStop
		void stop() {
			this.events.add("stopped");
		}

	}

	static class FlakyStart {

		final AtomicInteger attempts = new AtomicInteger();

		final List<Long> startNanos = new CopyOnWriteArrayList<>();

		private final int failures;

		FlakyStart(int failures) {
			this.failures = failures;
		}

		@OnStart
		void start() {
			this.startNanos.add(System.nanoTime());
			int attempt = this.attempts.incrementAndGet();
			if (attempt <= this.failures) {
				throw new IllegalStateException("start attempt " + attempt + " failed");
			}
		}

		@Consume("flaky")
		String flaky() {
			return "up";
		}

	}

	static class CrashingWorker {

		final AtomicInteger starts = new AtomicInteger();

		final AtomicInteger startsDuringAHandler = new AtomicInteger();

		final CountDownLatch restarted = new CountDownLatch(2);

		volatile boolean handling;

		@OnStart
		void start() {
			if (this.handling) {
				this.startsDuringAHandler.incrementAndGet();
			}
			this.starts.incrementAndGet();
			this.restarted.countDown();
		}

		@Consume("crash-worker")
		String crash(VerticleContext context) throws InterruptedException {
			this.handling = true;
			try {
				context.crash(new IllegalStateException("lost my connection"));
				// goes on at once if the restart runs its start hook while this handler still runs
				this.restarted.await(2, TimeUnit.SECONDS);
				return "crashing";
			}
			finally {
				this.handling = false;
			}
		}

	}

	static class Crasher {

		final AtomicInteger starts = new AtomicInteger();

		@OnStart
		void start() {
			this.starts.incrementAndGet();
		}

		@Consume("crash")
		String crash(VerticleContext context) {
			context.crash(new IllegalStateException("lost my connection"));
			return "crashing";
		}

	}

}
