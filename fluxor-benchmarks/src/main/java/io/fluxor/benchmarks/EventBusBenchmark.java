package io.fluxor.benchmarks;

import java.util.concurrent.TimeUnit;

import io.fluxor.eventbus.DefaultEventBus;
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
 * Fluxor's {@link DefaultEventBus} against Vert.x 5's local event bus, both on two event loops,
 * with an {@link Integer} body that neither side copies or encodes.
 *
 * <p>Every score counts completed work: a send or publish invocation returns only once every
 * consumer has handled the batch, and a request only counts once its reply has reached the caller.
 * The {@code caller} parameter says where messages come from: {@code external} is a plain thread
 * outside both runtimes (the benchmark thread, as an I/O thread of another server would be);
 * {@code loop} is a task on the runtime's own loop 0, as a verticle would send, with replies coming
 * back to that loop. Consumer placement is the same on both sides (see {@link BusHarness}) and is
 * printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventBusBenchmark {

	static final int BATCH = 1024;

	static final int SINGLE_BATCH = 64;

	/** The bus: {@code fluxor} ({@link DefaultEventBus}) or {@code vertx} (Vert.x 5 local event bus). */
	@Param({ "fluxor", "vertx" })
	public String bus;

	/** Where messages are sent from: {@code external} thread or the runtime's own {@code loop}. */
	@Param({ "external", "loop" })
	public String caller;

	private BusHarness harness;

	private final Completions sent = new Completions(1);

	private final Completions published = new Completions(BusHarness.PUBLISH_CONSUMERS);

	private RequestDriver requests;

	private boolean fromLoop;

	private long sentCount;

	private long publishedCount;

	private Runnable sendBatch;

	private Runnable publishBatch;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.harness = switch (this.bus) {
			case "fluxor" -> new FluxorBusHarness(this.sent, this.published);
			case "vertx" -> new VertxBusHarness(this.sent, this.published);
			default -> throw new IllegalArgumentException("Unknown bus '" + this.bus + "'");
		};
		this.fromLoop = switch (this.caller) {
			case "external" -> false;
			case "loop" -> true;
			default -> throw new IllegalArgumentException("Unknown caller '" + this.caller + "'");
		};
		this.requests = new RequestDriver(this.harness, this.fromLoop);
		BusHarness target = this.harness;
		this.sendBatch = () -> {
			for (int i = 0; i < BATCH; i++) {
				target.send();
			}
		};
		this.publishBatch = () -> {
			for (int i = 0; i < BATCH; i++) {
				target.publish();
			}
		};
		System.out.println();
		System.out.println("# placement: " + this.harness.placement());
	}

	@TearDown(Level.Iteration)
	public void checkNoFailure() {
		if (this.requests.failures() > 0) {
			throw new IllegalStateException(this.requests.failures() + " requests failed");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.harness.close();
	}

	/**
	 * Sends a batch to one consumer and waits until it has handled all of it.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void send() {
		run(this.sendBatch);
		this.sentCount += BATCH;
		this.sent.awaitAtLeast(this.sentCount);
	}

	/**
	 * Publishes a batch to four consumers and waits until all four have handled all of it; one
	 * operation is one publish, that is four deliveries.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void publish() {
		run(this.publishBatch);
		this.publishedCount += (long) BATCH * BusHarness.PUBLISH_CONSUMERS;
		this.published.awaitAtLeast(this.publishedCount);
	}

	/**
	 * Request-reply with one request in flight: each request waits for the previous reply.
	 */
	@Benchmark
	@OperationsPerInvocation(SINGLE_BATCH)
	public void requestReply1() {
		this.requests.runBatch(SINGLE_BATCH, 1);
	}

	/**
	 * Request-reply with up to 64 requests in flight.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void requestReply64() {
		this.requests.runBatch(BATCH, 64);
	}

	private void run(Runnable batch) {
		if (this.fromLoop) {
			this.harness.onCallerLoop(batch);
		}
		else {
			batch.run();
		}
	}

}
