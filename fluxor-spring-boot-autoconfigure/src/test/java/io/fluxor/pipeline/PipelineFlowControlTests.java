package io.fluxor.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.fluxor.pipeline.extractor.Extractors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** NeedsMoreWork recursion, backpressure and draining on real event loops. */
class PipelineFlowControlTests {

	private static final Executor ONE_MILLI = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

	@RegisterExtension
	static final PipelineLoops loops = new PipelineLoops();

	static CompletableFuture<Void> later() {
		return CompletableFuture.runAsync(() -> {
		}, ONE_MILLI);
	}

	static TransformerResult<Path, Path> walk(Path path) throws IOException {
		if (Files.isDirectory(path)) {
			try (Stream<Path> children = Files.list(path)) {
				return TransformerResult.needsMoreWork(children.sorted().toList());
			}
		}
		return TransformerResult.transformed(path);
	}

	@Test
	void needsMoreWorkWalksARealDirectoryTreeThroughTheSameTransformer(@TempDir Path root) throws Exception {
		List<Path> expected = new ArrayList<>();
		for (int a = 0; a < 3; a++) {
			for (int b = 0; b < 3; b++) {
				Path dir = Files.createDirectories(root.resolve("d" + a).resolve("e" + b).resolve("f"));
				for (int f = 0; f < 4; f++) {
					expected.add(Files.writeString(dir.resolve("file" + f + ".log"), "line " + f));
				}
			}
			expected.add(Files.writeString(root.resolve("d" + a).resolve("top.log"), "top"));
		}
		Set<Path> loaded = ConcurrentHashMap.newKeySet();
		Pipeline pipeline = Pipeline.builder("walk", loops.group())
			.extractor("root", Extractors.of(root)).to("walk").and()
			.transformer("walk", PipelineFlowControlTests::walk).to("logs").and()
			.filter("logs", (Path path) -> path.toString().endsWith(".log")).to("sink").and()
			.loader("sink", (Path path) -> loaded.add(path)).and()
			.build();

		pipeline.start();

		assertThat(pipeline.whenTerminated().get(10, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);
		assertThat(loaded).containsExactlyInAnyOrderElementsOf(expected);
		// root, d*, d*/e*, d*/e*/f were fed back: 1 + 3 + 9 + 9 directories.
		assertThat(pipeline.stage("walk").count(StageOutcome.FEEDBACK)).isEqualTo(22);
		assertThat(pipeline.stage("walk").count(StageOutcome.PROCESSED)).isEqualTo(expected.size());
	}

	@Test
	void needsMoreWorkCannotDeadlockWhenEveryBufferIsFull() throws Exception {
		// A wide tree (4^6 leaves) through buffers of one item and a slow sink: the transformer's
		// input and output are full most of the time, and its feedback must still go on.
		AtomicInteger loaded = new AtomicInteger();
		Transformer<Integer, Integer> expand = (depth) -> (depth < 6)
				? TransformerResult.needsMoreWork(depth + 1, depth + 1, depth + 1, depth + 1)
				: TransformerResult.transformed(depth);
		Pipeline pipeline = Pipeline.builder("deadlock", loops.group())
			.bufferSize(1)
			.batchSize(1)
			.extractor("roots", Extractors.of(0, 3, 5)).to("expand").and()
			.transformer("expand", expand).to("sink").and()
			.asyncLoader("sink", (Integer leaf) -> (loaded.incrementAndGet() % 64 == 0) ? later()
					: CompletableFuture.completedFuture(null)).and()
			.build();

		pipeline.start();

		assertThat(pipeline.whenTerminated().get(20, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);
		assertThat(loaded.get()).isEqualTo(4096 + 64 + 4);
		assertThat(pipeline.outstanding()).isZero();
	}

	@Test
	void aSlowLoaderBoundsTheExtractorsReadsToTheConfiguredBuffers() throws Exception {
		AtomicLong read = new AtomicLong();
		AtomicLong done = new AtomicLong();
		AtomicLong maxOutstanding = new AtomicLong();
		Extractor<Long> endless = (demand, emitter) -> {
			for (int i = 0; i < demand; i++) {
				emitter.accept(read.incrementAndGet());
			}
			return true;
		};
		int buffer = 8;
		Pipeline pipeline = Pipeline.builder("backpressure", loops.group())
			.bufferSize(buffer)
			.extractor("endless", endless).to("parse").and()
			.transformer("parse", (Long n) -> TransformerResult.transformed(n.toString())).to("sink").and()
			.asyncLoader("sink", (String item) -> {
				maxOutstanding.accumulateAndGet(read.get() - done.get(), Math::max);
				return later().thenRun(done::incrementAndGet);
			}).and()
			.build();

		pipeline.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> done.get() >= 300);
		assertThat(pipeline.stop(Duration.ofSeconds(5))).isEqualTo(PipelineState.STOPPED);

		// Two buffers of 8, plus the one item the transformer and the loader each hold.
		long bound = 2 * buffer + 2;
		assertThat(maxOutstanding.get()).isLessThanOrEqualTo(bound);
		assertThat(read.get()).isEqualTo(done.get());
		assertThat(pipeline.stage("parse").capacity()).isEqualTo(buffer);
	}

	@Test
	void stoppingDrainsEveryItemInFlightBeforeItReportsStopped() throws Exception {
		AtomicLong read = new AtomicLong();
		AtomicLong loaded = new AtomicLong();
		Extractor<Long> endless = (demand, emitter) -> {
			for (int i = 0; i < demand; i++) {
				emitter.accept(read.incrementAndGet());
			}
			return true;
		};
		Pipeline pipeline = Pipeline.builder("drain", loops.group())
			.bufferSize(32)
			.extractor("endless", endless).to("sink").and()
			.asyncLoader("sink", (Long n) -> later().thenRun(loaded::incrementAndGet)).parallelism(2).and()
			.build();
		pipeline.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> loaded.get() >= 50);

		assertThat(pipeline.stop(Duration.ofSeconds(10))).isEqualTo(PipelineState.STOPPED);

		assertThat(loaded.get()).isEqualTo(read.get());
		assertThat(pipeline.stage("sink").count(StageOutcome.PROCESSED)).isEqualTo(read.get());
		assertThat(pipeline.stage("sink").count(StageOutcome.ABANDONED)).isZero();
		assertThat(pipeline.outstanding()).isZero();
	}

	@Test
	void stoppingAbandonsAndCountsWhatCannotDrainInTime() throws Exception {
		Pipeline pipeline = Pipeline.builder("stuck", loops.group())
			.bufferSize(4)
			.extractor("numbers", Extractors.fromIterable(IntStream.range(0, 100).boxed().toList())).to("sink").and()
			.asyncLoader("sink", (Integer n) -> new CompletableFuture<Void>()).and()
			.build();
		pipeline.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.stage("sink").buffered() == 4);

		assertThat(pipeline.stop(Duration.ofMillis(200))).isEqualTo(PipelineState.STOPPED);

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(pipeline.stage("sink").count(StageOutcome.ABANDONED)).isEqualTo(5));
		assertThat(pipeline.stage("numbers").count(StageOutcome.PROCESSED)).isEqualTo(5);
	}

	@Test
	void invalidTopologiesFailToBuildNamingThePath() {
		Consumer<String> none = (item) -> {
		};
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Pipeline.builder("cycle", loops.group())
			.extractor("in", Extractors.of(1)).to("a").and()
			.transformer("a", TransformerResult::transformed).to("b").and()
			.transformer("b", TransformerResult::transformed).to("a").and()
			.build()))
			.isInstanceOf(InvalidPipelineException.class)
			.hasMessageContaining("Pipeline 'cycle': cycle a -> b -> a");
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Pipeline.builder("open", loops.group())
			.extractor("in", Extractors.of(1)).to("a").and()
			.transformer("a", TransformerResult::transformed).and()
			.build()))
			.isInstanceOf(InvalidPipelineException.class)
			.hasMessageContaining("stage 'a' (transformer) has no receiver: path in -> a");
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Pipeline.builder("unknown", loops.group())
			.extractor("in", Extractors.of(1)).to("nowhere").and()
			.build()))
			.hasMessageContaining("stage 'in' (extractor) sends to unknown stage 'nowhere'");
		assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Pipeline.builder("dlq", loops.group())
			.extractor("in", Extractors.of(1)).to("out").and()
			.loader("out", none::accept).deadLetter("failed").and()
			.build()))
			.hasMessageContaining("has no event bus");
	}

}
