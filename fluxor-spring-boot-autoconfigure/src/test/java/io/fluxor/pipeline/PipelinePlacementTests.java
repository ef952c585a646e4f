package io.fluxor.pipeline;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.fluxor.pipeline.extractor.Extractors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Stage placement on the loops, and batched hand-offs that keep order, counts and bounds. */
class PipelinePlacementTests {

	@RegisterExtension
	static final PipelineLoops loops = new PipelineLoops();

	private static List<Integer> range(int n) {
		return IntStream.range(0, n).boxed().toList();
	}

	private static Pipeline chain(String name, StagePlacement placement, Set<String> parseThreads,
			Set<String> sinkThreads, List<Integer> loaded) {
		return Pipeline.builder(name, loops.group())
			.bufferSize(16)
			.placement(placement)
			.extractor("numbers", Extractors.fromIterable(range(5_000))).to("parse").and()
			.transformer("parse", (Integer i) -> {
				parseThreads.add(Thread.currentThread().getName());
				return TransformerResult.transformed(i);
			}).to("sink").and()
			.loader("sink", (Integer i) -> {
				sinkThreads.add(Thread.currentThread().getName());
				loaded.add(i);
			}).and()
			.build();
	}

	@Test
	void chainPlacementRunsALinearChainOfSingleWorkerStagesOnOneLoopInOrder() throws Exception {
		Set<String> parse = ConcurrentHashMap.newKeySet();
		Set<String> sink = ConcurrentHashMap.newKeySet();
		List<Integer> loaded = new CopyOnWriteArrayList<>();
		Pipeline pipeline = chain("chain", StagePlacement.CHAIN, parse, sink, loaded);
		assertThat(pipeline.placement()).isEqualTo(StagePlacement.CHAIN);
		pipeline.start();

		assertThat(pipeline.whenTerminated().get(10, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);

		assertThat(parse).hasSize(1).isEqualTo(sink);
		assertThat(loaded).isEqualTo(range(5_000));
		assertThat(pipeline.stage("sink").count(StageOutcome.PROCESSED)).isEqualTo(5_000);
		assertThat(pipeline.outstanding()).isZero();
	}

	@Test
	void spreadPlacementRunsNeighboursOnDifferentLoops() throws Exception {
		Set<String> parse = ConcurrentHashMap.newKeySet();
		Set<String> sink = ConcurrentHashMap.newKeySet();
		List<Integer> loaded = new CopyOnWriteArrayList<>();
		Pipeline pipeline = chain("spread", StagePlacement.SPREAD, parse, sink, loaded);
		pipeline.start();

		assertThat(pipeline.whenTerminated().get(10, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);

		assertThat(parse).hasSize(1);
		assertThat(sink).hasSize(1).doesNotContainAnyElementsOf(parse);
		assertThat(loaded).isEqualTo(range(5_000));
	}

	@Test
	void batchedOffersAndPollsKeepOrderAndNeverExceedTheCapacity() {
		BoundedBuffer buffer = new BoundedBuffer(5, null, null);
		Object[] outbox = new Object[8];
		for (int i = 0; i < 8; i++) {
			outbox[i] = i;
		}
		// A run that wraps around the outbox ring: items 6, 7, 0, 1, 2, 3 (six of them), room for five.
		assertThat(buffer.offer(outbox, 6, 6, 7)).isEqualTo(5);
		assertThat(buffer.offer(outbox, 3, 1, 7)).isZero();
		assertThat(buffer.remaining()).isZero();

		Object[] inbox = new Object[3];
		assertThat(buffer.poll(inbox, 3)).isEqualTo(3);
		assertThat(inbox).containsExactly(6, 7, 0);
		assertThat(buffer.offer(outbox, 3, 2, 7)).isEqualTo(2);
		assertThat(buffer.poll(inbox, 3)).isEqualTo(3);
		assertThat(inbox).containsExactly(1, 2, 3);
		assertThat(buffer.poll()).isEqualTo(4);
		assertThat(buffer.poll(inbox, 3)).isZero();
		assertThat(buffer.poll()).isNull();
	}

}
