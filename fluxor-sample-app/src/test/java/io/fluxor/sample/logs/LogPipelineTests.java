package io.fluxor.sample.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineRegistry;
import io.fluxor.pipeline.PipelineState;
import io.fluxor.pipeline.StageOutcome;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's {@code logs} pipeline end to end: it walks the shipped log tree, and the live
 * counter behind {@code GET /api/pipeline/errors} and the two JSON lines files both end with every
 * error line of the tree.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "fluxor.gateway.port=0", "management.server.port=0" })
class LogPipelineTests {

	/** ERROR lines in src/main/resources/sample-logs (2 + 3 + 2 + 1, in four files over three directories). */
	private static final int ERROR_LINES = 8;

	private static final Path OUTPUT = createOutput();

	@Autowired
	private GatewayServer gateway;

	@Autowired
	private PipelineRegistry pipelines;

	@Autowired
	private ObjectMapper json;

	@DynamicPropertySource
	static void output(DynamicPropertyRegistry registry) {
		registry.add(LogPipelineProperties.PREFIX + ".output", OUTPUT::toString);
	}

	private static Path createOutput() {
		try {
			return Files.createTempDirectory("log-pipeline-test");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode errorsRoute() throws IOException {
		String body = HttpClient.create()
			.baseUrl("http://127.0.0.1:" + this.gateway.port())
			.get()
			.uri("/api/pipeline/errors")
			.responseSingle((response, content) -> {
				assertThat(response.status().code()).isEqualTo(200);
				return content.asString();
			})
			.block(Duration.ofSeconds(10));
		return this.json.readTree(body);
	}

	@Test
	void countsEveryErrorLineOfTheTreeAndBalancesThemOverTwoJsonLinesFiles() throws Exception {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(errorsRoute().path("state").asText()).isEqualTo("COMPLETED"));

		JsonNode errors = errorsRoute();
		assertThat(errors.path("errors").asLong()).isEqualTo(ERROR_LINES);
		assertThat(errors.path("byLogger").path("gateway").asLong()).isEqualTo(4);
		assertThat(errors.path("byLogger").path("gateway.ratelimit").asLong()).isEqualTo(1);

		List<String> left = Files.readAllLines(OUTPUT.resolve(LogPipelineConfiguration.LEFT_FILE));
		List<String> right = Files.readAllLines(OUTPUT.resolve(LogPipelineConfiguration.RIGHT_FILE));
		assertThat(left).isNotEmpty();
		assertThat(right).isNotEmpty();
		List<JsonNode> written = new ArrayList<>();
		for (String line : concat(left, right)) {
			written.add(this.json.readTree(line));
		}
		assertThat(written).hasSize(ERROR_LINES).allSatisfy((entry) -> {
			assertThat(entry.path("level").asText()).isEqualTo("ERROR");
			assertThat(entry.has("error")).isFalse();
		});
		assertThat(written).extracting((entry) -> entry.path("file").asText())
			.contains("app.log", "gateway/access.log", "gateway/archive/2025-01-13.log", "loops/loop-0.log");

		Pipeline pipeline = this.pipelines.find(LogPipelineConfiguration.PIPELINE);
		assertThat(pipeline.state()).isEqualTo(PipelineState.COMPLETED);
		assertThat(pipeline.stage("logParser").count(StageOutcome.ERROR)).isEqualTo(1);
		assertThat(pipeline.stage("logScanner").count(StageOutcome.FEEDBACK)).isEqualTo(4 + 4);
		assertThat(pipeline.stage("errorLines").count(StageOutcome.PROCESSED)).isEqualTo(ERROR_LINES);
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

}
