package io.fluxor.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import io.fluxor.pipeline.extractor.Extractors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Clog detection and each clog policy, with a loader that gets stuck on an async call. */
class PipelineClogTests {

	private static final Duration CLOG_TIMEOUT = Duration.ofMillis(150);

	@RegisterExtension
	static final PipelineLoops loops = new PipelineLoops();

	static List<Integer> range(int n) {
		return IntStream.range(0, n).boxed().toList();
	}

	static Pipeline stuckOnce(ClogPolicy policy, CompletableFuture<Void> stuck, AtomicInteger loaded) {
		return Pipeline.builder("clog-" + policy, loops.group())
			.bufferSize(8)
			.clog(ClogOptions.defaults().with(CLOG_TIMEOUT, policy).withBackoff(Duration.ofMillis(20), Duration.ofSeconds(1)))
			.extractor("numbers", Extractors.fromIterable(range(100))).to("sink").and()
			.asyncLoader("sink", (Integer i) -> {
				if (i == 10) {
					return stuck;
				}
				loaded.incrementAndGet();
				return CompletableFuture.completedFuture(null);
			}).and()
			.build();
	}

	static long total(StageStatistics stage) {
		long sum = 0;
		for (StageOutcome outcome : StageOutcome.values()) {
			sum += stage.count(outcome);
		}
		return sum;
	}

	@Test
	void restartPolicyAbandonsTheStuckItemAndRestartsTheStageAfterABackoff() throws Exception {
		AtomicInteger loaded = new AtomicInteger();
		Pipeline pipeline = stuckOnce(ClogPolicy.RESTART, new CompletableFuture<>(), loaded);
		pipeline.start();

		assertThat(pipeline.whenTerminated().get(10, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);

		StageStatistics sink = pipeline.stage("sink");
		assertThat(sink.restarts()).isEqualTo(1);
		assertThat(sink.count(StageOutcome.ABANDONED)).isEqualTo(1);
		assertThat(sink.count(StageOutcome.PROCESSED)).isEqualTo(99);
		assertThat(sink.clogged()).isFalse();
		assertThat(loaded.get()).isEqualTo(99);
	}

	@Test
	void shedPolicyDropsAndCountsWhatWaitsForTheStuckStageUntilItMovesAgain() throws Exception {
		AtomicInteger loaded = new AtomicInteger();
		CompletableFuture<Void> stuck = new CompletableFuture<>();
		Pipeline pipeline = stuckOnce(ClogPolicy.SHED, stuck, loaded);
		pipeline.start();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pipeline.snapshot().toString()).contains("SHED=89"));
		StageStatistics sink = pipeline.stage("sink");
		assertThat(sink.clogged()).isTrue();
		assertThat(sink.state()).isEqualTo(StageState.CLOGGED);
		assertThat(sink.buffered()).isZero();

		stuck.complete(null);

		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);
		await().atMost(Duration.ofSeconds(5)).until(() -> !sink.clogged());
		assertThat(sink.count(StageOutcome.PROCESSED)).isEqualTo(11);
		assertThat(total(sink)).isEqualTo(100);
	}

	@Test
	void stopPolicyFailsThePipelineNamingTheCloggedStage() throws Exception {
		AtomicInteger loaded = new AtomicInteger();
		Pipeline pipeline = stuckOnce(ClogPolicy.STOP, new CompletableFuture<>(), loaded);
		pipeline.start();

		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.FAILED);

		assertThat(pipeline.failure()).isInstanceOf(PipelineCloggedException.class)
			.hasMessageContaining("stage 'sink' is clogged");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(pipeline.stage("sink").count(StageOutcome.ABANDONED)).isEqualTo(9));
		assertThat(pipeline.snapshot().failure()).contains("sink");
	}

	@Test
	void aParallelStageWithOneStuckWorkerKeepsMovingOnTheOthersAndIsNotReportedClogged() throws Exception {
		CompletableFuture<Void> stuck = new CompletableFuture<>();
		// a clog timeout no pause of a loaded machine reaches: only the stuck worker can clog the stage
		Pipeline pipeline = Pipeline.builder("one-stuck-worker", loops.group())
			.bufferSize(8)
			.clog(ClogOptions.defaults().with(Duration.ofSeconds(2), ClogPolicy.SHED))
			.extractor("numbers", Extractors.fromIterable(range(2000))).to("sink").and()
			.asyncLoader("sink", (Integer i) -> (i == 10) ? stuck : CompletableFuture.completedFuture(null))
			.parallelism(2)
			.and()
			.build();
		pipeline.start();
		StageStatistics sink = pipeline.stage("sink");

		await().atMost(Duration.ofSeconds(10))
			.until(() -> sink.clogged() || sink.count(StageOutcome.PROCESSED) == 1999);

		assertThat(sink.clogged()).isFalse();
		assertThat(sink.count(StageOutcome.SHED)).isZero();
		stuck.complete(null);
		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);
		assertThat(sink.count(StageOutcome.PROCESSED)).isEqualTo(2000);
	}

	@Test
	void aParallelStageWhoseWorkersAreAllStuckIsReportedClogged() throws Exception {
		Pipeline pipeline = Pipeline.builder("all-stuck-workers", loops.group())
			.bufferSize(8)
			.clog(ClogOptions.defaults().with(CLOG_TIMEOUT, ClogPolicy.STOP))
			.extractor("numbers", Extractors.fromIterable(range(100))).to("sink").and()
			.asyncLoader("sink", (Integer i) -> new CompletableFuture<Void>()).parallelism(2).and()
			.build();
		pipeline.start();

		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.FAILED);

		assertThat(pipeline.failure()).isInstanceOf(PipelineCloggedException.class);
	}

	@Test
	void aStageThatIsOnlyWaitingForItsReceiverIsNotReportedClogged() throws Exception {
		CompletableFuture<Void> stuck = new CompletableFuture<>();
		Pipeline pipeline = Pipeline.builder("upstream", loops.group())
			.bufferSize(4)
			.clog(ClogOptions.defaults().with(CLOG_TIMEOUT, ClogPolicy.SHED))
			.extractor("numbers", Extractors.fromIterable(range(50))).to("parse").and()
			.transformer("parse", (Integer i) -> TransformerResult.transformed(i)).to("sink").and()
			.asyncLoader("sink", (Integer i) -> stuck).and()
			.build();
		pipeline.start();

		await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.stage("sink").clogged());

		assertThat(pipeline.stage("parse").clogged()).isFalse();
		assertThat(pipeline.stop(Duration.ofMillis(100))).isEqualTo(PipelineState.STOPPED);
	}

	@Test
	void aRestartScheduledInARunThatWasHaltedDoesNotAbandonAnItemOfTheNextRun() throws Exception {
		Duration backoff = Duration.ofSeconds(1);
		CompletableFuture<Void> secondRunCall = new CompletableFuture<>();
		CountDownLatch secondRunCalled = new CountDownLatch(1);
		Pipeline pipeline = Pipeline.builder("stale-restart", loops.group())
			.bufferSize(8)
			.clog(ClogOptions.defaults().with(CLOG_TIMEOUT, ClogPolicy.RESTART).withBackoff(backoff, backoff))
			.extractor("numbers", new TaggedRuns(3, 1)).to("sink").and()
			.asyncLoader("sink", (String item) -> {
				if (item.startsWith("run1-")) {
					return new CompletableFuture<Void>();
				}
				secondRunCalled.countDown();
				return secondRunCall;
			}).and()
			.build();
		StageStatistics sink = pipeline.stage("sink");
		pipeline.start();
		// The first run clogs on its first item and schedules a restart, then ends before it is due.
		await().atMost(Duration.ofSeconds(5)).until(() -> sink.state() == StageState.RESTARTING);
		assertThat(pipeline.stop(Duration.ofMillis(50))).isEqualTo(PipelineState.STOPPED);

		pipeline.start();
		assertThat(secondRunCalled.await(5, TimeUnit.SECONDS)).isTrue();
		// The timer runs its tasks in time order: once this one ran, the restart fell due.
		CountDownLatch restartDue = new CountDownLatch(1);
		PipelineTimer.schedule(restartDue::countDown, backoff.toNanos());
		assertThat(restartDue.await(5, TimeUnit.SECONDS)).isTrue();
		secondRunCall.complete(null);

		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);
		// The first run's three items were abandoned when it halted; the second run's one was loaded.
		assertThat(sink.count(StageOutcome.ABANDONED)).isEqualTo(3);
		assertThat(sink.count(StageOutcome.PROCESSED)).isEqualTo(1);
		assertThat(sink.restarts()).isZero();
	}

	/** Emits the given number of items in each run, tagged with the run. */
	private static final class TaggedRuns implements Extractor<String> {

		private final int[] sizes;

		private volatile int run;

		private volatile int next;

		TaggedRuns(int... sizes) {
			this.sizes = sizes;
		}

		@Override
		public void open() {
			this.run++;
			this.next = 0;
		}

		@Override
		public boolean extract(int demand, Consumer<? super String> emitter) {
			int size = this.sizes[this.run - 1];
			while (demand-- > 0 && this.next < size) {
				emitter.accept("run" + this.run + "-" + this.next++);
			}
			return this.next < size;
		}

	}

}
