package io.fluxor.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import io.fluxor.pipeline.Extractor;
import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineState;
import io.fluxor.pipeline.StagePlacement;
import io.fluxor.pipeline.TransformerResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A five-stage flow (extract, map, filter, map, load) of {@value #ITEMS} boxed integers, on a Fluxor
 * pipeline over two event loops and on Reactor {@link Flux} over a two-thread scheduler, with the
 * same buffer size, in one run. Scores are items per second; every invocation waits for the last
 * item.
 * <ul>
 * <li>{@code fluxorPipeline}: the default {@link StagePlacement#CHAIN}, the five single-worker stages
 * on one loop.</li>
 * <li>{@code fluxorPipelineSpread}: {@link StagePlacement#SPREAD}, every hand-off crosses threads.</li>
 * <li>{@code reactorFlux}: a {@code publishOn} hop between every stage, every hand-off crosses
 * threads (the goal's reference).</li>
 * <li>{@code reactorFluxOneThread}: {@code subscribeOn}, all operators fused on one thread.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark {

	static final int ITEMS = 100_000;

	@Param("256")
	int bufferSize;

	private EventLoopGroup group;

	private Scheduler scheduler;

	private long sum;

	@Setup(Level.Trial)
	public void setUp() {
		this.group = new EventLoopGroup(EventLoopOptions.defaults().withCount(2)).start();
		this.scheduler = Schedulers.newParallel("reactor-bench", 2);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.group.shutdown(Duration.ofSeconds(5));
		this.scheduler.dispose();
	}

	@Benchmark
	@OperationsPerInvocation(ITEMS)
	public long fluxorPipeline() {
		return runFluxor(StagePlacement.CHAIN);
	}

	@Benchmark
	@OperationsPerInvocation(ITEMS)
	public long fluxorPipelineSpread() {
		return runFluxor(StagePlacement.SPREAD);
	}

	private long runFluxor(StagePlacement placement) {
		this.sum = 0;
		Pipeline pipeline = Pipeline.builder("bench", this.group)
			.bufferSize(this.bufferSize)
			.placement(placement)
			.extractor("source", new RangeExtractor(ITEMS)).to("triple").and()
			.transformer("triple", (Integer i) -> TransformerResult.transformed(i * 3)).to("evens").and()
			.filter("evens", (Integer i) -> (i & 1) == 0).to("increment").and()
			.transformer("increment", (Integer i) -> TransformerResult.transformed(i + 1)).to("sink").and()
			.loader("sink", (Integer i) -> this.sum += i).and()
			.build();
		pipeline.start();
		PipelineState end = pipeline.whenTerminated().join();
		if (end != PipelineState.COMPLETED) {
			throw new IllegalStateException("Pipeline ended " + end);
		}
		return this.sum;
	}

	@Benchmark
	@OperationsPerInvocation(ITEMS)
	public long reactorFlux() {
		long[] total = new long[1];
		Flux.range(0, ITEMS)
			.publishOn(this.scheduler, this.bufferSize)
			.map((i) -> i * 3)
			.publishOn(this.scheduler, this.bufferSize)
			.filter((i) -> (i & 1) == 0)
			.publishOn(this.scheduler, this.bufferSize)
			.map((i) -> i + 1)
			.publishOn(this.scheduler, this.bufferSize)
			.doOnNext((i) -> total[0] += i)
			.blockLast();
		return total[0];
	}

	/**
	 * The same flow on one scheduler thread and no hop between the operators: Reactor's own
	 * counterpart of {@link StagePlacement#CHAIN}, where Fluxor runs the five single-worker stages
	 * on one loop. Reactor fuses these operators, so this is the ceiling for a one-thread flow.
	 */
	@Benchmark
	@OperationsPerInvocation(ITEMS)
	public long reactorFluxOneThread() {
		long[] total = new long[1];
		Flux.range(0, ITEMS)
			.subscribeOn(this.scheduler)
			.map((i) -> i * 3)
			.filter((i) -> (i & 1) == 0)
			.map((i) -> i + 1)
			.doOnNext((i) -> total[0] += i)
			.blockLast();
		return total[0];
	}

	/** Emits 0 to n - 1 once per run. */
	static final class RangeExtractor implements Extractor<Integer> {

		private final int count;

		private int next;

		RangeExtractor(int count) {
			this.count = count;
		}

		@Override
		public void open() {
			this.next = 0;
		}

		@Override
		public boolean extract(int demand, Consumer<? super Integer> emitter) {
			int end = Math.min(this.count, this.next + demand);
			for (int i = this.next; i < end; i++) {
				emitter.accept(i);
			}
			this.next = end;
			return end < this.count;
		}

	}

}
