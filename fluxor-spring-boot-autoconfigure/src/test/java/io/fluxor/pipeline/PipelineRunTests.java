package io.fluxor.pipeline;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
