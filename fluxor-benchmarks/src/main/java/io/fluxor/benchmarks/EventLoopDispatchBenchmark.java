package io.fluxor.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import io.fluxor.eventloop.LoopTask;
import io.fluxor.eventloop.WaitStrategyType;
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

/**
 * Hand-off throughput from one producer thread to one consuming thread: Fluxor's
 * {@link EventLoop#dispatch(LoopTask, Object)} against a raw multi-producer LMAX Disruptor
 * {@link RingBuffer} drained by a {@link BatchEventProcessor}, both with the same ring size and the
 * same Disruptor wait strategy.
 *
 * <p>One invocation publishes {@value #BATCH} events and returns only once the consumer has handled
 * all of them, so the score counts completed hand-offs (events per second), not merely claimed
 * slots. The batch is far smaller than the ring, so neither side ever meets a full ring. What the
 * ratio shows is the price of Fluxor's loop bookkeeping over the bare ring: a task indirection, a
 * per-event slot release (instead of per batch), timing for blocked-loop detection and counters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventLoopDispatchBenchmark {

	static final int BATCH = 1024;

	private static final Object ARGUMENT = "event";

	/** {@code fluxor}: an {@link EventLoop}; {@code disruptor}: a bare ring and processor. */
	@Param({ "fluxor", "disruptor" })
	public String ring;

	/** The Disruptor wait strategy of the consuming thread, as in {@code fluxor.event-loop.wait-strategy}. */
	@Param({ "phased", "yielding", "blocking" })
	public String waitStrategy;

	/** Slots of the ring on both sides. */
	@Param({ "16384" })
	public int ringBufferSize;

	private Completions completions;

	private long published;

	private EventLoopGroup group;

	private EventLoop loop;

	private LoopTask<Object> task;

	private RingBuffer<RawEvent> rawRing;

	private BatchEventProcessor<RawEvent> rawProcessor;

	private Thread rawThread;

	@Setup(Level.Trial)
	public void setUp() {
		WaitStrategyType type = WaitStrategyType.valueOf(this.waitStrategy.toUpperCase(Locale.ROOT).replace('-', '_'));
		this.completions = new Completions(1);
		Completions counted = this.completions;
		if ("fluxor".equals(this.ring)) {
			this.group = new EventLoopGroup(EventLoopOptions.defaults()
				.withCount(1)
				.withRingBufferSize(this.ringBufferSize)
				.withWaitStrategy(type)).start();
			this.loop = this.group.loop(0);
			this.task = (argument) -> counted.add(0);
		}
		else if ("disruptor".equals(this.ring)) {
			this.rawRing = RingBuffer.createMultiProducer(RawEvent::new, this.ringBufferSize, type.create());
			this.rawProcessor = new BatchEventProcessorBuilder().build(this.rawRing, this.rawRing.newBarrier(),
					new RawHandler(counted));
			this.rawRing.addGatingSequences(this.rawProcessor.getSequence());
			this.rawThread = new Thread(this.rawProcessor, "raw-disruptor-consumer");
			this.rawThread.start();
		}
		else {
			throw new IllegalArgumentException("Unknown ring '" + this.ring + "'");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		if (this.group != null) {
			this.group.shutdown(Duration.ofSeconds(5));
		}
		if (this.rawProcessor != null) {
			this.rawProcessor.halt();
			this.rawThread.join(5000);
		}
	}

	/**
	 * Publishes a batch and waits until the consumer has handled it.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void dispatch() {
		if (this.loop != null) {
			EventLoop target = this.loop;
			LoopTask<Object> work = this.task;
			for (int i = 0; i < BATCH; i++) {
				target.dispatch(work, ARGUMENT);
			}
		}
		else {
			RingBuffer<RawEvent> target = this.rawRing;
			for (int i = 0; i < BATCH; i++) {
				long sequence = target.next();
				target.get(sequence).argument = ARGUMENT;
				target.publish(sequence);
			}
		}
		this.published += BATCH;
		this.completions.awaitAtLeast(this.published);
	}

	/** A raw ring slot carrying the same payload as a Fluxor slot's argument. */
	static final class RawEvent {

		Object argument;

	}

	/** Consumes raw events: reads the payload and counts it, nothing else. */
	static final class RawHandler implements EventHandler<RawEvent> {

		private final Completions completions;

		private Object last;

		RawHandler(Completions completions) {
			this.completions = completions;
		}

		@Override
		public void onEvent(RawEvent event, long sequence, boolean endOfBatch) {
			this.last = event.argument;
			this.completions.add(0);
		}

	}

}
