package io.fluxor.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import io.fluxor.pipeline.extractor.Extractors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** Every stage type on real event loops. */
class PipelineStagesTests {

	private static EventLoopGroup group;

	@BeforeAll
	static void startLoops() {
		group = new EventLoopGroup(EventLoopOptions.defaults().withCount(2).withRingBufferSize(1024).withWorkers(4, 64))
			.start();
	}

	@AfterAll
	static void stopLoops() {
		group.shutdown(Duration.ofSeconds(2));
	}

	static List<Integer> range(int n) {
		return IntStream.range(0, n).boxed().toList();
	}

	static PipelineState run(Pipeline pipeline) throws Exception {
		pipeline.start();
		return pipeline.whenTerminated().get(10, TimeUnit.SECONDS);
	}

	@Test
	void extractorTransformerFilterAndLoaderHandleEveryItemAndCountEachOutcome() throws Exception {
		List<Integer> loaded = new CopyOnWriteArrayList<>();
		Pipeline pipeline = Pipeline.builder("basic", group)
			.bufferSize(16)
			.extractor("numbers", Extractors.fromIterable(range(1000))).to("double").and()
			.transformer("double", (Integer i) -> TransformerResult.transformed(i * 2)).to("thirds").and()
			.filter("thirds", (Integer i) -> i % 3 == 0).to("sink").and()
			.loader("sink", (Integer item) -> loaded.add(item)).and()
			.build();

		assertThat(run(pipeline)).isEqualTo(PipelineState.COMPLETED);

		assertThat(loaded).containsExactlyElementsOf(range(1000).stream().map((i) -> i * 2).filter((i) -> i % 3 == 0).toList());
		assertThat(pipeline.stage("numbers").count(StageOutcome.PROCESSED)).isEqualTo(1000);
		assertThat(pipeline.stage("double").count(StageOutcome.PROCESSED)).isEqualTo(1000);
		assertThat(pipeline.stage("thirds").count(StageOutcome.FILTERED)).isEqualTo(1000 - loaded.size());
		assertThat(pipeline.stage("sink").count(StageOutcome.PROCESSED)).isEqualTo(loaded.size());
		assertThat(pipeline.outstanding()).isZero();
	}

	@Test
	void balancerSpreadsItemsRoundRobinAcrossItsReceivers() throws Exception {
		AtomicInteger left = new AtomicInteger();
		AtomicInteger right = new AtomicInteger();
		Pipeline pipeline = Pipeline.builder("balance", group)
			.extractor("numbers", Extractors.fromIterable(range(100))).to("split").and()
			.balancer("split").to("left", "right").and()
			.loader("left", (Integer i) -> left.incrementAndGet()).and()
			.loader("right", (Integer i) -> right.incrementAndGet()).and()
			.build();

		assertThat(run(pipeline)).isEqualTo(PipelineState.COMPLETED);

		assertThat(left.get() + right.get()).isEqualTo(100);
		assertThat(left.get()).isEqualTo(50);
		assertThat(right.get()).isEqualTo(50);
	}

	@Test
	void broadcastSendsEveryItemToAllOfItsReceivers() throws Exception {
		List<Integer> first = new CopyOnWriteArrayList<>();
		List<Integer> second = new CopyOnWriteArrayList<>();
		Pipeline pipeline = Pipeline.builder("broadcast", group)
			.extractor("numbers", Extractors.fromIterable(range(300))).to("all").and()
			.broadcast("all").to("first", "second").and()
			.loader("first", (Integer item) -> first.add(item)).and()
			.loader("second", (Integer item) -> second.add(item)).and()
			.build();

		assertThat(run(pipeline)).isEqualTo(PipelineState.COMPLETED);

		assertThat(first).containsExactlyElementsOf(range(300));
		assertThat(second).containsExactlyElementsOf(range(300));
	}

	@Test
	void funnelMergesSeveralSourcesFairlyIntoOne() throws Exception {
		// One loop, and the pipeline started from a task of that loop: every stage's first run is
		// queued before any runs, so the sources take turns in a fixed order and the funnel's own
		// fairness is tested, not how soon the OS runs a source's thread or the starting thread.
		EventLoopGroup oneLoop = new EventLoopGroup(EventLoopOptions.defaults().withCount(1).withRingBufferSize(1024))
			.start();
		try {
			List<String> merged = new CopyOnWriteArrayList<>();
			Pipeline pipeline = Pipeline.builder("funnel", oneLoop)
				.bufferSize(4)
				.extractor("a", Extractors.fromIterable(Collections.nCopies(200, "a"))).to("merge").and()
				.extractor("b", Extractors.fromIterable(Collections.nCopies(200, "b"))).to("merge").and()
				.funnel("merge").to("sink").and()
				.loader("sink", (String item) -> merged.add(item)).and()
				.build();

			oneLoop.loop(0).execute(pipeline::start);
			assertThat(pipeline.whenTerminated().get(10, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);

			assertThat(merged).hasSize(400);
			assertThat(merged.stream().filter("a"::equals).count()).isEqualTo(200);
			// Fair merging: both sources are interleaved long before either one is exhausted.
			assertThat(merged.subList(0, 100)).contains("a", "b");
			assertThat(pipeline.stage("merge").capacity()).isEqualTo(8);
		}
		finally {
			oneLoop.shutdown(Duration.ofSeconds(2));
		}
	}

	@Test
	void messengerRoutesEachItemByKeyAndCountsAnUnknownKeyAsAnError() throws Exception {
		List<String> errors = new CopyOnWriteArrayList<>();
		List<String> infos = new CopyOnWriteArrayList<>();
		Pipeline pipeline = Pipeline.builder("messenger", group)
			.extractor("lines", Extractors.of("ERROR a", "INFO b", "ERROR c", "DEBUG d")).to("route").and()
			.messenger("route", (String line) -> line.substring(0, line.indexOf(' ')).toLowerCase())
			.to("error", "info")
			.onError(ErrorAction.COUNT)
			.and()
			.loader("error", (String item) -> errors.add(item)).and()
			.loader("info", (String item) -> infos.add(item)).and()
			.build();

		assertThat(run(pipeline)).isEqualTo(PipelineState.COMPLETED);

		assertThat(errors).containsExactly("ERROR a", "ERROR c");
		assertThat(infos).containsExactly("INFO b");
		assertThat(pipeline.stage("route").count(StageOutcome.ERROR)).isEqualTo(1);
	}

	@Test
	void asyncStagesWithParallelismCompleteOnAnyThreadAndStillHandleEveryItem() throws Exception {
		Set<Integer> loaded = ConcurrentHashMap.newKeySet();
		AsyncTransformer<Integer, Integer> square = (i) -> CompletableFuture
			.supplyAsync(() -> TransformerResult.transformed(i * i));
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		Pipeline pipeline = Pipeline.builder("async", group)
			.extractor("numbers", Extractors.fromIterable(range(200))).to("square").and()
			.asyncTransformer("square", square).parallelism(4).to("sink").and()
			.asyncLoader("sink", AsyncLoader.ofMono((Integer i) -> Mono.fromRunnable(() -> {
				maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
				loaded.add(i);
				inFlight.decrementAndGet();
			}).delaySubscription(Duration.ofMillis(1)))).parallelism(3).and()
			.build();

		assertThat(run(pipeline)).isEqualTo(PipelineState.COMPLETED);

		assertThat(loaded).containsExactlyInAnyOrderElementsOf(range(200).stream().map((i) -> i * i).toList());
		assertThat(maxInFlight.get()).isLessThanOrEqualTo(3);
		assertThat(pipeline.stage("square").parallelism()).isEqualTo(4);
	}

	@Test
	void blockingStagesRunOnTheWorkerPoolAndNeverOnTheLoops() throws Exception {
		Set<String> extractThreads = ConcurrentHashMap.newKeySet();
		Set<String> loadThreads = ConcurrentHashMap.newKeySet();
		Extractor<Integer> source = Extractors.fromIterable(range(50));
		Pipeline pipeline = Pipeline.builder("blocking", group)
			.extractor("numbers", new Extractor<Integer>() {
				@Override
				public void open() throws Exception {
					source.open();
				}

				@Override
				public boolean extract(int demand, java.util.function.Consumer<? super Integer> emitter) throws Exception {
					extractThreads.add(Thread.currentThread().getName());
					return source.extract(demand, emitter);
				}
			}).blocking().to("sink").and()
			.loader("sink", (Integer i) -> loadThreads.add(Thread.currentThread().getName())).blocking().and()
			.build();

		assertThat(run(pipeline)).isEqualTo(PipelineState.COMPLETED);

		assertThat(pipeline.stage("sink").count(StageOutcome.PROCESSED)).isEqualTo(50);
		assertThat(extractThreads).allMatch((name) -> name.startsWith("fluxor-worker-"));
		assertThat(loadThreads).allMatch((name) -> name.startsWith("fluxor-worker-"));
	}

	@Test
	void errorsAreCountedAndTheFailActionFailsThePipeline() throws Exception {
		Pipeline counting = Pipeline.builder("counting", group)
			.extractor("numbers", Extractors.fromIterable(range(10))).to("parse").and()
			.transformer("parse", (Integer i) -> (i % 2 == 0) ? TransformerResult.transformed(i)
					: TransformerResult.error(new IllegalArgumentException("odd " + i))).onError(ErrorAction.COUNT).to("sink").and()
			.loader("sink", (Integer i) -> {
				if (i == 4) {
					throw new IllegalStateException("cannot store 4");
				}
			}).and()
			.build();
		assertThat(run(counting)).isEqualTo(PipelineState.COMPLETED);
		assertThat(counting.stage("parse").count(StageOutcome.ERROR)).isEqualTo(5);
		assertThat(counting.stage("sink").count(StageOutcome.ERROR)).isEqualTo(1);
		assertThat(counting.stage("sink").count(StageOutcome.PROCESSED)).isEqualTo(4);

		Pipeline failing = Pipeline.builder("failing", group)
			.extractor("numbers", Extractors.fromIterable(range(1000))).to("sink").and()
			.loader("sink", (Integer i) -> {
				if (i == 3) {
					throw new IllegalStateException("boom");
				}
			}).onError(ErrorAction.FAIL).and()
			.build();
		assertThat(run(failing)).isEqualTo(PipelineState.FAILED);
		assertThat(failing.failure()).hasMessageContaining("sink").hasMessageContaining("boom");
	}

	@Test
	void itemsPassedOnBeforeAFailingItemFailsThePipelineAreCountedAsAbandonedAndNotKeptForTheNextRun()
			throws Exception {
		List<Integer> loaded = new CopyOnWriteArrayList<>();
		// The failing item is the last of the run the transformer takes, so the items before it are
		// handed to the loader after the pipeline has failed.
		Pipeline pipeline = Pipeline.builder("fail-last", group)
			.extractor("numbers", Extractors.fromIterable(range(6))).to("parse").and()
			.transformer("parse", (Integer i) -> (i < 5) ? TransformerResult.transformed(i)
					: TransformerResult.error(new IllegalArgumentException("bad " + i))).onError(ErrorAction.FAIL).to("sink").and()
			.loader("sink", (Integer i) -> loaded.add(i)).and()
			.build();
		assertThat(run(pipeline)).isEqualTo(PipelineState.FAILED);

		StageStatistics sink = pipeline.stage("sink");
		long passedOn = pipeline.stage("parse").count(StageOutcome.PROCESSED);
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(sink.count(StageOutcome.PROCESSED) + sink.count(StageOutcome.ABANDONED)).isEqualTo(passedOn);
			assertThat(sink.buffered()).isZero();
		});
		assertThat(loaded).isEmpty();
	}

	@Test
	void aForeverExtractorIsPolledAgainWhenItsSourceHadNothing() throws Exception {
		java.util.concurrent.ConcurrentLinkedQueue<Integer> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
		List<Integer> loaded = new CopyOnWriteArrayList<>();
		Pipeline pipeline = Pipeline.builder("queue", group)
			.idlePoll(Duration.ofMillis(2))
			.extractor("queue", Extractors.fromQueue(queue)).to("sink").and()
			.loader("sink", (Integer item) -> loaded.add(item)).and()
			.build();
		pipeline.start();
		queue.addAll(List.of(1, 2, 3));
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> loaded.size() == 3);
		queue.add(4);
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> loaded.size() == 4);

		assertThat(pipeline.stop(Duration.ofSeconds(5))).isEqualTo(PipelineState.STOPPED);
		assertThat(loaded).containsExactly(1, 2, 3, 4);
	}

	@Test
	void aStoppedPipelineCanBeStartedAgainThroughTheRegistry() throws Exception {
		List<Integer> loaded = new CopyOnWriteArrayList<>();
		PipelineRegistry registry = new PipelineRegistry();
		Pipeline pipeline = registry.register(Pipeline.builder("again", group)
			.extractor("numbers", Extractors.fromIterable(range(10))).to("sink").and()
			.loader("sink", (Integer item) -> loaded.add(item)).and()
			.build());

		assertThat(registry.start("again").state()).isIn(PipelineState.RUNNING, PipelineState.COMPLETED);
		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);
		registry.start("again");
		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);

		assertThat(loaded).hasSize(20);
		PipelineSnapshot snapshot = registry.snapshots().get(0);
		assertThat(snapshot.name()).isEqualTo("again");
		assertThat(snapshot.stages()).extracting(StageSnapshot::name).containsExactly("numbers", "sink");
		assertThat(snapshot.stages().get(1).counts()).containsEntry(StageOutcome.PROCESSED, 20L);
		assertThat(registry.snapshots()).hasSize(1);
		assertThat(Map.of()).isEmpty();
		assertThat(new ArrayList<>(registry.pipelines())).containsExactly(pipeline);
	}

}
