package io.fluxor.pipeline.loader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineLoops;
import io.fluxor.pipeline.StageOutcome;
import io.fluxor.pipeline.extractor.Extractors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The JSON lines file loader in a pipeline that keeps running. */
class JsonLinesFileLoaderTests {

	@RegisterExtension
	static final PipelineLoops loops = new PipelineLoops();

	@Test
	void aBlockingLoaderWritesItsLinesOutWhenItsInputRunsEmptyWhileThePipelineRuns(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("out.jsonl");
		Queue<String> source = new ConcurrentLinkedQueue<>();
		Pipeline pipeline = Pipeline.builder("file-blocking", loops.group())
			.extractor("queue", Extractors.fromQueue(source)).to("file").and()
			.loader("file", new JsonLinesFileLoader<String>(file)).blocking().and()
			.build();
		pipeline.start();
		try {
			source.add("a");
			source.add("b");
			source.add("c");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> pipeline.stage("file").count(StageOutcome.PROCESSED) == 3);

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(Files.exists(file) ? Files.readAllLines(file) : java.util.List.of())
					.containsExactly("\"a\"", "\"b\"", "\"c\""));
		}
		finally {
			pipeline.stop(Duration.ofSeconds(2));
		}
	}

}
