package io.fluxor.autoconfigure.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration;
import io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration;
import io.fluxor.autoconfigure.gateway.GatewayAutoConfiguration;
import io.fluxor.autoconfigure.gateway.GatewayMetricsAutoConfiguration;
import io.fluxor.autoconfigure.gateway.GatewayRateLimitAutoConfiguration;
import io.fluxor.autoconfigure.gateway.GatewaySecurityAutoConfiguration;
import io.fluxor.autoconfigure.pipeline.PipelineAutoConfiguration;
import io.fluxor.autoconfigure.verticle.VerticleAutoConfiguration;
import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.pipeline.Extractor;
import io.fluxor.pipeline.Filter;
import io.fluxor.pipeline.Loader;
import io.fluxor.pipeline.PipelineRegistry;
import io.fluxor.pipeline.Transformer;
import io.fluxor.pipeline.TransformerResult;
import io.fluxor.pipeline.extractor.Extractors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads every {@code yaml} example of the README and the docs into the auto-configuration, with
 * the beans the examples name, so that an example with a wrong property name, value or rule fails
 * here rather than in a reader's application. The gateway listens on a free loopback port instead
 * of the examples' 8080.
 */
class DocumentedYamlExamplesTests {

	private static final List<Path> PAGES = List.of(Path.of("../README.md"), Path.of("../docs/gateway.md"),
			Path.of("../docs/pipelines.md"));

	private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EventLoopAutoConfiguration.class, EventBusAutoConfiguration.class,
				VerticleAutoConfiguration.class, GatewaySecurityAutoConfiguration.class,
				GatewayRateLimitAutoConfiguration.class, GatewayMetricsAutoConfiguration.class,
				GatewayAutoConfiguration.class, PipelineAutoConfiguration.class))
		.withUserConfiguration(ExampleBeans.class)
		.withPropertyValues("fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=0",
				"JWT_SECRET=an-example-secret-of-at-least-32-bytes");

	static Stream<String> examples() throws IOException {
		List<String> examples = new ArrayList<>();
		for (Path page : PAGES) {
			Matcher matcher = YAML_BLOCK.matcher(Files.readString(page, StandardCharsets.UTF_8));
			int index = 0;
			while (matcher.find()) {
				examples.add(page.getFileName() + "#" + (++index) + "\n" + matcher.group(1));
			}
		}
		return examples.stream();
	}

	@ParameterizedTest(name = "{index}")
	@MethodSource("examples")
	void theExampleStartsTheGatewayAndItsPipelines(String example) {
		String name = example.substring(0, example.indexOf('\n'));
		String yaml = example.substring(example.indexOf('\n') + 1);
		this.contextRunner.withInitializer((context) -> {
			try {
				for (PropertySource<?> source : new YamlPropertySourceLoader().load(name,
						new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), name))) {
					context.getEnvironment().getPropertySources().addLast(source);
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}).run((context) -> {
			assertThat(context).as(name).hasNotFailed();
			if (yaml.contains("gateway:")) {
				assertThat(context.getBean(GatewayServer.class).isRunning()).as(name).isTrue();
			}
			if (yaml.contains("pipelines:")) {
				assertThat(context.getBean(PipelineRegistry.class).snapshots()).as(name).isNotEmpty();
			}
		});
	}

	/** The beans the examples refer to by name. */
	@Configuration(proxyBeanMethods = false)
	static class ExampleBeans {

		@Bean
		GatewayHandler helloHandler() {
			return (request) -> Mono.just(HttpResponseMessage.ok("hello"));
		}

		@Bean
		GatewayHandler userHandler() {
			return (request) -> Mono.just(HttpResponseMessage.ok("user"));
		}

		@Bean
		GatewayHandler ordersHandler() {
			return (request) -> Mono.just(HttpResponseMessage.ok("orders"));
		}

		@Bean
		Extractor<Path> logRoots() {
			return Extractors.of(Path.of("."));
		}

		@Bean
		Transformer<Path, String> directoryWalker() {
			return (path) -> TransformerResult.transformed(path.toString());
		}

		@Bean
		Filter<String> errorLines() {
			return (line) -> line.contains("ERROR");
		}

		@Bean
		Loader<String> leftFile() {
			return (line) -> {
			};
		}

		@Bean
		Loader<String> rightFile() {
			return (line) -> {
			};
		}

	}

}
