package io.fluxor.sample.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.pipeline.Extractor;
import io.fluxor.pipeline.Filter;
import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineRegistry;
import io.fluxor.pipeline.extractor.Extractors;
import io.fluxor.pipeline.loader.JsonLinesFileLoader;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The stage beans of the sample's {@code logs} pipeline, wired by name under
 * {@code fluxor.pipelines.logs} in {@code application.yml}:
 *
 * <pre class="code">
 * logRoot -&gt; logScanner (NeedsMoreWork: directories, files) -&gt; logParser -&gt; errorLines
 *   -&gt; errorFanout (broadcast) -&gt; errorSplit (balancer) -&gt; leftErrors / rightErrors (JSON lines)
 *                              -&gt; errorCounter (live count, GET /api/pipeline/errors)
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LogPipelineProperties.class)
public class LogPipelineConfiguration {

	/** Name of the pipeline in {@code fluxor.pipelines}. */
	public static final String PIPELINE = "logs";

	/** File the left loader writes, in the output directory. */
	public static final String LEFT_FILE = "errors-left.jsonl";

	/** File the right loader writes, in the output directory. */
	public static final String RIGHT_FILE = "errors-right.jsonl";

	@Bean
	LogDirectories logDirectories(LogPipelineProperties properties) throws IOException {
		Path source = properties.source();
		if (source == null) {
			source = Files.createTempDirectory("fluxor-sample-logs");
			SampleLogs.copyTo(source);
		}
		Path output = (properties.output() != null) ? properties.output()
				: Files.createTempDirectory("fluxor-sample-errors");
		Files.createDirectories(output);
		// The loaders append: start each run of the application from empty files.
		Files.deleteIfExists(output.resolve(LEFT_FILE));
		Files.deleteIfExists(output.resolve(RIGHT_FILE));
		return new LogDirectories(source.toAbsolutePath().normalize(), output.toAbsolutePath().normalize());
	}

	@Bean
	Extractor<LogSource> logRoot(LogDirectories directories) {
		return Extractors.of(new LogSource.Directory(directories.source()));
	}

	@Bean
	LogScanner logScanner() {
		return new LogScanner();
	}

	@Bean
	LogParser logParser(LogDirectories directories) {
		return new LogParser(directories.source());
	}

	@Bean
	Filter<LogEntry> errorLines() {
		return LogEntry::isError;
	}

	@Bean
	JsonLinesFileLoader<LogEntry> leftErrors(LogDirectories directories, ObjectMapper json) {
		return new JsonLinesFileLoader<>(directories.output().resolve(LEFT_FILE), json);
	}

	@Bean
	JsonLinesFileLoader<LogEntry> rightErrors(LogDirectories directories, ObjectMapper json) {
		return new JsonLinesFileLoader<>(directories.output().resolve(RIGHT_FILE), json);
	}

	@Bean
	ErrorCounter errorCounter() {
		return new ErrorCounter();
	}

	@Bean
	GatewayHandler pipelineErrorsHandler(ErrorCounter counter, PipelineRegistry pipelines, LogDirectories directories,
			ObjectMapper json) {
		return (request) -> Mono.fromCallable(() -> {
			Pipeline pipeline = pipelines.find(PIPELINE);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("pipeline", PIPELINE);
			body.put("state", (pipeline != null) ? pipeline.state() : null);
			body.put("errors", counter.total());
			body.put("byLogger", counter.byLogger());
			body.put("output", directories.output().toString());
			return HttpResponseMessage.json(json.writeValueAsString(body));
		});
	}

	/**
	 * The directories of a run.
	 * @param source the scanned log tree
	 * @param output where the JSON lines files go
	 */
	public record LogDirectories(Path source, Path output) {
	}

}
