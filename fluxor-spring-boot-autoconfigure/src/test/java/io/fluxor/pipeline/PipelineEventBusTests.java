package io.fluxor.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.fluxor.eventbus.DefaultEventBus;
import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import io.fluxor.pipeline.extractor.Extractors;
import io.fluxor.pipeline.loader.EventBusLoader;
import io.fluxor.pipeline.loader.JsonLinesFileLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The event-bus and JSON lines loaders, and dead letters, on a real event bus. */
class PipelineEventBusTests {

	private static EventLoopGroup group;

	private static EventBus bus;

	@BeforeAll
	static void startLoops() {
		group = new EventLoopGroup(EventLoopOptions.defaults().withCount(2).withRingBufferSize(1024).withWorkers(2, 16))
			.start();
		bus = new DefaultEventBus(group);
	}

	@AfterAll
	static void stopLoops() {
		group.shutdown(Duration.ofSeconds(2));
	}

	@Test
	void anEventBusLoaderDeliversEveryItemToItsAddress() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		bus.<String>consumer("words.out", (message) -> received.add(message.body()));
		Pipeline pipeline = Pipeline.builder("to-bus", group)
			.extractor("words", Extractors.of("a", "b", "c")).to("bus").and()
			.loader("bus", new EventBusLoader<String>(bus, "words.out")).and()
			.build();
		pipeline.start();

		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);
		await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
		assertThat(received).containsExactly("a", "b", "c");
	}

	@Test
	void failedItemsGoToTheDeadLetterAddressAndAreCounted() throws Exception {
		List<DeadLetter> letters = new CopyOnWriteArrayList<>();
		bus.<DeadLetter>consumer("numbers.failed", (message) -> letters.add(message.body()));
		Pipeline pipeline = Pipeline.builder("dead-letters", group)
			.eventBus(bus)
			.extractor("numbers", Extractors.of(1, 2, 3, 4)).to("check").and()
			.transformer("check", (Integer i) -> (i % 2 == 0) ? TransformerResult.transformed(i)
					: TransformerResult.error(new IllegalArgumentException("odd " + i))).deadLetter("numbers.failed").to("sink").and()
			.loader("sink", (Integer i) -> {
			}).and()
			.build();
		pipeline.start();

		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);
		await().atMost(Duration.ofSeconds(5)).until(() -> letters.size() == 2);
		assertThat(letters).extracting(DeadLetter::item).containsExactlyInAnyOrder(1, 3);
		assertThat(letters.get(0).stage()).isEqualTo("check");
		assertThat(pipeline.stage("check").count(StageOutcome.ERROR)).isEqualTo(2);
	}

	@Test
	void aJsonLinesLoaderWritesOneJsonDocumentPerLine(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("out/items.jsonl");
		Pipeline pipeline = Pipeline.builder("json", group)
			.extractor("items", Extractors.of(new Item("a", 1), new Item("b", 2))).to("file").and()
			.loader("file", new JsonLinesFileLoader<Item>(out)).and()
			.build();
		pipeline.start();

		assertThat(pipeline.whenTerminated().get(5, TimeUnit.SECONDS)).isEqualTo(PipelineState.COMPLETED);
		assertThat(Files.readAllLines(out)).containsExactly("{\"name\":\"a\",\"count\":1}", "{\"name\":\"b\",\"count\":2}");
	}

	record Item(String name, int count) {
	}

}
