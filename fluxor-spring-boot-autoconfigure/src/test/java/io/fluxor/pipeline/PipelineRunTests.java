package io.fluxor.pipeline;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** How a run of a pipeline starts and ends, and what a new run inherits from the one before. */
class PipelineRunTests {

	@RegisterExtension
	static final PipelineLoops loops = new PipelineLoops();

	@Test
	void anExtractorThatCannotOpenFailsTheRunClosesTheOpenedOnesAndEndsTheTermination() {
		IOException cause = new IOException("no such file");
		AtomicInteger closed = new AtomicInteger();
		Pipeline pipeline = Pipeline.builder("unopenable", loops.group())
			.extractor("good", new CountingExtractor(new AtomicBoolean(), null, closed)).to("merge").and()
			.extractor("bad", new CountingExtractor(new AtomicBoolean(true), cause, new AtomicInteger())).to("merge").and()
			.funnel("merge").to("sink").and()
			.loader("sink", (Integer item) -> {
			}).and()
			.build();
		CompletableFuture<PipelineState> termination = pipeline.whenTerminated();

		assertThatIllegalStateException().isThrownBy(pipeline::start).withMessageContaining("'bad'").withCause(cause);

		assertThat(termination).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.FAILED);
		assertThat(pipeline.whenTerminated()).isSameAs(termination);
		assertThat(pipeline.state()).isEqualTo(PipelineState.FAILED);
		assertThat(pipeline.failure()).isSameAs(cause);
		assertThat(pipeline.stage("bad").count(StageOutcome.ERROR)).isEqualTo(1);
		assertThat(closed).hasValue(1);
	}

	@Test
	void anExtractorThatCannotOpenAgainEndsTheNewRunAndNotTheOneBefore() {
		AtomicBoolean failOpen = new AtomicBoolean();
		IOException cause = new IOException("gone");
		Pipeline pipeline = Pipeline.builder("unopenable-again", loops.group())
			.extractor("numbers", new CountingExtractor(failOpen, cause, new AtomicInteger())).to("sink").and()
			.loader("sink", (Integer item) -> {
			}).and()
			.build();
		pipeline.start();
		assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.COMPLETED);
		failOpen.set(true);

		assertThatIllegalStateException().isThrownBy(pipeline::start).withCause(cause);

		assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.FAILED);
		assertThat(pipeline.stage("numbers").count(StageOutcome.ERROR)).isEqualTo(1);
	}

	@Test
	void anItemOfAFailedRunThatIsStillBeingHandledDoesNotGoOnIntoTheNextRun() throws Exception {
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<String> loaded = new CopyOnWriteArrayList<>();
		Pipeline pipeline = Pipeline.builder("restart-in-flight", loops.group())
			.extractor("numbers", new RunExtractor(null)).to("hold").and()
			.transformer("hold", (String item) -> {
				if (item.equals("run1-0")) {
					// Holds its loop, as user code may, while the run fails and the next one starts.
					holding.countDown();
					release.await();
				}
				return TransformerResult.transformed(item);
			}).to("sink").and()
			.loader("sink", (String item) -> loaded.add(item)).and()
			.build();
		pipeline.start();
		try {
			assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
			pipeline.fail(new IllegalStateException("failed by the test"));
			assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.FAILED);

			pipeline.start();
		}
		finally {
			release.countDown();
		}

		assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.COMPLETED);
		assertThat(loaded).containsExactly("run2-0", "run2-1", "run2-2", "run2-3", "run2-4");
		assertThat(pipeline.outstanding()).isZero();
	}

	@Test
	void aRestartWhileTheFailedRunIsStillClosingItsStagesStartsAfterItAndKeepsItsOwnTermination() throws Exception {
		CountDownLatch closing = new CountDownLatch(1);
		CountDownLatch secondRunHeld = new CountDownLatch(1);
		List<String> loaded = new CopyOnWriteArrayList<>();
		// The first run never ends by itself, and its close holds on until released.
		RunExtractor extractor = new RunExtractor(closing);
		Pipeline pipeline = Pipeline.builder("restart-while-closing", loops.group())
			.extractor("numbers", extractor).to("sink").and()
			.loader("sink", (String item) -> {
				if (item.equals("run2-0")) {
					secondRunHeld.await();
				}
				loaded.add(item);
			}).and()
			.build();
		pipeline.start();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> loaded.size() == 5);
			Thread failing = new Thread(() -> pipeline.fail(new IllegalStateException("failed by the test")));
			failing.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> extractor.closeCalls.get() == 1);
			Thread restarting = new Thread(pipeline::start);
			restarting.start();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> restarting.getState() == Thread.State.WAITING || extractor.opens.get() == 2);

			closing.countDown();
			failing.join(5000);
			restarting.join(5000);

			assertThat(extractor.opens).hasValue(2);
			assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
			assertThat(pipeline.whenTerminated()).isNotDone();
			assertThat(extractor.closes).hasValue(1);
		}
		finally {
			closing.countDown();
			secondRunHeld.countDown();
		}
		assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.COMPLETED);
		assertThat(loaded).containsExactly("run1-0", "run1-1", "run1-2", "run1-3", "run1-4", "run2-0", "run2-1",
				"run2-2", "run2-3", "run2-4");
		assertThat(extractor.closes).hasValue(2);
	}

	@Test
	void aStageWhoseCloseWaitsForAThreadThatStopsOrRestartsThePipelineDoesNotHoldItUp() throws Exception {
		AtomicReference<Pipeline> self = new AtomicReference<>();
		AtomicReference<PipelineState> stoppedWhileClosing = new AtomicReference<>();
		AtomicReference<Throwable> startedWhileClosing = new AtomicReference<>();
		CountDownLatch stopped = new CountDownLatch(1);
		Loader<String> sink = new Loader<>() {

			@Override
			public void load(String item) {
			}

			@Override
			public void close() throws InterruptedException {
				// Waits for another thread that calls back into the pipeline, as a supervisor may.
				new Thread(() -> {
					stoppedWhileClosing.set(self.get().stop(Duration.ofSeconds(5)));
					stopped.countDown();
				}).start();
				stopped.await(2, TimeUnit.SECONDS);
				try {
					self.get().start();
				}
				catch (IllegalStateException ex) {
					startedWhileClosing.set(ex);
				}
			}

		};
		Pipeline pipeline = Pipeline.builder("close-calls-back", loops.group())
			.extractor("numbers", new RunExtractor(null)).to("sink").and()
			.loader("sink", sink).and()
			.build();
		self.set(pipeline);
		CompletableFuture<PipelineState> firstRun = pipeline.whenTerminated();
		pipeline.start();

		assertThat(firstRun).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(PipelineState.COMPLETED);
		assertThat(stoppedWhileClosing).hasValue(PipelineState.COMPLETED);
		assertThat(startedWhileClosing.get()).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("cannot start from the close()");
		pipeline.start();
		assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.COMPLETED);
	}

	@Test
	void aRestartWaitsForTheBlockingPullThatTheHaltedRunLeftAndItsItemsAreAbandoned() throws Exception {
		BlockingRuns extractor = new BlockingRuns();
		List<String> loaded = new CopyOnWriteArrayList<>();
		Pipeline pipeline = Pipeline.builder("restart-while-pulling", loops.group())
			.extractor("numbers", extractor).blocking().to("sink").and()
			.loader("sink", (String item) -> loaded.add(item)).and()
			.build();
		pipeline.start();
		Thread restarting = new Thread(pipeline::start);
		try {
			assertThat(extractor.firstPull.await(5, TimeUnit.SECONDS)).isTrue();
			pipeline.fail(new IllegalStateException("failed by the test"));
			assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.FAILED);

			restarting.start();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> restarting.getState() == Thread.State.WAITING || extractor.opens.get() == 2);
		}
		finally {
			extractor.releaseFirstPull.countDown();
		}
		restarting.join(5000);

		assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.COMPLETED);
		assertThat(extractor.overlapped).isFalse();
		assertThat(loaded).containsExactly("run2-0", "run2-1", "run2-2");
		assertThat(pipeline.stage("numbers").count(StageOutcome.ABANDONED)).isEqualTo(3);
	}

	/**
	 * Emits three items per run, tagged with the run, from the worker pool; the first pull of the
	 * first run holds on until released. Notes whether it was opened or called during another call.
	 */
	private static final class BlockingRuns implements Extractor<String> {

		final CountDownLatch firstPull = new CountDownLatch(1);

		final CountDownLatch releaseFirstPull = new CountDownLatch(1);

		final AtomicInteger opens = new AtomicInteger();

		final AtomicBoolean overlapped = new AtomicBoolean();

		private final AtomicInteger calls = new AtomicInteger();

		private volatile int next;

		@Override
		public void open() {
			if (this.calls.get() > 0) {
				this.overlapped.set(true);
			}
			this.opens.incrementAndGet();
			this.next = 0;
		}

		@Override
		public boolean extract(int demand, Consumer<? super String> emitter) throws InterruptedException {
			if (this.calls.incrementAndGet() > 1) {
				this.overlapped.set(true);
			}
			try {
				int run = this.opens.get();
				if (run == 1) {
					this.firstPull.countDown();
					this.releaseFirstPull.await(5, TimeUnit.SECONDS);
				}
				while (demand-- > 0 && this.next < 3) {
					emitter.accept("run" + run + "-" + this.next++);
				}
				return this.next < 3;
			}
			finally {
				this.calls.decrementAndGet();
			}
		}
	}

	@Test
	void aStageWhoseCloseWaitsForAThreadThatFailsThePipelineToo() throws Exception {
		AtomicReference<Pipeline> self = new AtomicReference<>();
		AtomicBoolean secondFailureReturned = new AtomicBoolean();
		IllegalStateException first = new IllegalStateException("failed by the test");
		Pipeline pipeline = Pipeline.builder("close-waits", loops.group())
			.extractor("numbers", new RunExtractor(new CountDownLatch(0))).to("sink").and()
			.loader("sink", new Loader<String>() {

				@Override
				public void load(String item) {
				}

				@Override
				public void close() throws InterruptedException {
					// user code that waits for another thread, which reports a failure of its own
					Thread other = new Thread(() -> self.get().fail(new IllegalStateException("second")));
					other.start();
					other.join(5000);
					secondFailureReturned.set(!other.isAlive());
				}

			}).and()
			.build();
		self.set(pipeline);
		pipeline.start();

		pipeline.fail(first);

		assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(PipelineState.FAILED);
		assertThat(secondFailureReturned).as("the other thread's fail() returned while the stage closed").isTrue();
		assertThat(pipeline.failure()).isSameAs(first);
	}

	@Test
	void anExtractorWhoseOpenWaitsForAThreadThatStopsOrStartsThePipelineDoesNotHoldItUp() throws Exception {
		AtomicReference<Pipeline> self = new AtomicReference<>();
		AtomicReference<PipelineState> stoppedWhileOpening = new AtomicReference<>();
		AtomicReference<Throwable> startedFromOpen = new AtomicReference<>();
		AtomicBoolean stopReturned = new AtomicBoolean();
		CountDownLatch stopped = new CountDownLatch(1);
		Thread[] secondStart = new Thread[1];
		RunExtractor numbers = new RunExtractor(null) {

			@Override
			public void open() {
				super.open();
				if (this.opens.get() > 1) {
					return;
				}
				// A second start while this one opens waits for it instead of opening again.
				secondStart[0] = new Thread(self.get()::start);
				secondStart[0].start();
				await().atMost(Duration.ofSeconds(5)).until(() -> secondStart[0].getState() == Thread.State.WAITING
						|| secondStart[0].getState() == Thread.State.BLOCKED || this.opens.get() > 1);
				// Waits for another thread that calls back into the pipeline, as a supervisor may.
				new Thread(() -> {
					stoppedWhileOpening.set(self.get().stop(Duration.ofSeconds(5)));
					stopped.countDown();
				}).start();
				try {
					stopReturned.set(stopped.await(2, TimeUnit.SECONDS));
					self.get().start();
				}
				catch (IllegalStateException | InterruptedException ex) {
					startedFromOpen.set(ex);
				}
			}

		};
		Pipeline pipeline = Pipeline.builder("open-calls-back", loops.group())
			.extractor("numbers", numbers).to("sink").and()
			.loader("sink", (String item) -> {
			}).and()
			.build();
		self.set(pipeline);
		CompletableFuture<PipelineState> firstRun = pipeline.whenTerminated();
		pipeline.start();

		assertThat(stopReturned).as("stop() returned while open() waited for it").isTrue();
		assertThat(stoppedWhileOpening).hasValue(PipelineState.STOPPED);
		assertThat(startedFromOpen.get()).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("cannot start from the open()");
		assertThat(firstRun).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(PipelineState.STOPPED);
		secondStart[0].join(10000);
		assertThat(secondStart[0].isAlive()).isFalse();
		pipeline.stop(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> numbers.closes.get() == numbers.opens.get());
		pipeline.start();
		assertThat(pipeline.whenTerminated()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(PipelineState.COMPLETED);
	}

	/**
	 * Emits five items per run, tagged with the run. Given a latch, its first run never ends by
	 * itself and that run's close waits for the latch.
	 */
	private static class RunExtractor implements Extractor<String> {

		final AtomicInteger opens = new AtomicInteger();

		final AtomicInteger closeCalls = new AtomicInteger();

		final AtomicInteger closes = new AtomicInteger();

		private final CountDownLatch firstClose;

		private volatile int next;

		RunExtractor(CountDownLatch firstClose) {
			this.firstClose = firstClose;
		}

		@Override
		public void open() {
			this.opens.incrementAndGet();
			this.next = 0;
		}

		@Override
		public boolean extract(int demand, Consumer<? super String> emitter) {
			while (demand-- > 0 && this.next < 5) {
				emitter.accept("run" + this.opens.get() + "-" + this.next++);
			}
			return this.next < 5 || (this.firstClose != null && this.opens.get() == 1);
		}

		@Override
		public void close() throws InterruptedException {
			if (this.closeCalls.incrementAndGet() == 1 && this.firstClose != null) {
				this.firstClose.await(5, TimeUnit.SECONDS);
			}
			this.closes.incrementAndGet();
		}

	}

	/** Emits three items per run; its open fails while {@code failOpen} is set. */
	private static final class CountingExtractor implements Extractor<Integer> {

		private final AtomicBoolean failOpen;

		private final Exception openFailure;

		private final AtomicInteger closed;

		private int next;

		CountingExtractor(AtomicBoolean failOpen, Exception openFailure, AtomicInteger closed) {
			this.failOpen = failOpen;
			this.openFailure = openFailure;
			this.closed = closed;
		}

		@Override
		public void open() throws Exception {
			if (this.failOpen.get()) {
				throw this.openFailure;
			}
			this.next = 0;
		}

		@Override
		public boolean extract(int demand, Consumer<? super Integer> emitter) {
			while (demand-- > 0 && this.next < 3) {
				emitter.accept(this.next++);
			}
			return this.next < 3;
		}

		@Override
		public void close() {
			this.closed.incrementAndGet();
		}

	}

}
