package io.fluxor.autoconfigure.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import io.fluxor.pipeline.AsyncLoader;
import io.fluxor.pipeline.Extractor;
import io.fluxor.pipeline.Filter;
import io.fluxor.pipeline.InvalidPipelineException;
import io.fluxor.pipeline.Loader;
import io.fluxor.pipeline.PipelineRegistry;
import io.fluxor.pipeline.PipelineState;
import io.fluxor.pipeline.StageOutcome;
import io.fluxor.pipeline.StagePlacement;
import io.fluxor.pipeline.extractor.Extractors;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PipelineAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PipelineAutoConfiguration.class))
		.withUserConfiguration(LoopsConfiguration.class, StagesConfiguration.class);

	private static final String[] VALID = { "fluxor.pipelines.numbers.buffer-size=4",
			"fluxor.pipelines.numbers.stages.source.to=evens",
			"fluxor.pipelines.numbers.stages.evens.to=split",
			"fluxor.pipelines.numbers.stages.split.type=balancer",
			"fluxor.pipelines.numbers.stages.split.to=left,right",
			"fluxor.pipelines.numbers.stages.left.bean=collect",
			"fluxor.pipelines.numbers.stages.right.bean=collect" };

	@Test
	void whenPipelinesAreDeclaredInPropertiesTheyAreWiredFromBeansAndStartWithTheContext() {
		this.contextRunner.withPropertyValues(VALID).run((context) -> {
			assertThat(context).hasNotFailed();
			PipelineRegistry registry = context.getBean(PipelineRegistry.class);
			io.fluxor.pipeline.Pipeline pipeline = registry.find("numbers");
			assertThat(pipeline.whenTerminated().get()).isEqualTo(PipelineState.COMPLETED);
			assertThat(context.getBean(StagesConfiguration.class).collected).hasSize(50);
			assertThat(pipeline.stage("evens").count(StageOutcome.FILTERED)).isEqualTo(50);
			assertThat(pipeline.stage("split").type()).isEqualTo(io.fluxor.pipeline.StageType.BALANCER);
		});
	}

	@Test
	void stagesAreChainedOnTheLoopsByDefaultAndSpreadWhenThePlacementSaysSo() {
		this.contextRunner.withPropertyValues(VALID).run((context) -> assertThat(
				context.getBean(PipelineRegistry.class).find("numbers").placement())
			.isEqualTo(StagePlacement.CHAIN));
		this.contextRunner.withPropertyValues(VALID)
			.withPropertyValues("fluxor.pipelines.numbers.placement=spread")
			.run((context) -> {
				io.fluxor.pipeline.Pipeline pipeline = context.getBean(PipelineRegistry.class).find("numbers");
				assertThat(pipeline.placement()).isEqualTo(StagePlacement.SPREAD);
				assertThat(pipeline.whenTerminated().get()).isEqualTo(PipelineState.COMPLETED);
			});
	}

	@Test
	void whenAStageNamesAnUnknownBeanThenStartupFailsNamingTheProperty() {
		assertStartupFails("fluxor.pipelines.numbers.stages.left.bean=nope",
				"fluxor.pipelines.numbers.stages.left.bean: no bean named 'nope'");
	}

	@Test
	void whenASizeOrTheClogSettingsAreOutOfRangeThenStartupFailsNamingTheProperty() {
		Map<String, String> wrong = Map.of("fluxor.pipelines.numbers.buffer-size=0", "fluxor.pipelines.numbers",
				"fluxor.pipelines.numbers.batch-size=0", "fluxor.pipelines.numbers",
				"fluxor.pipelines.numbers.clog.timeout=0s", "fluxor.pipelines.numbers.clog: timeout",
				"fluxor.pipelines.numbers.stages.evens.buffer-size=0", "fluxor.pipelines.numbers.stages.evens: ",
				"fluxor.pipelines.numbers.stages.evens.parallelism=0", "fluxor.pipelines.numbers");
		wrong.forEach(this::assertStartupFails);
	}

	@Test
	void whenADurationIsNegativeOrTooLongToCountInNanosecondsThenStartupFailsNamingTheProperty() {
		Map<String, String> wrong = Map.of("fluxor.pipelines.numbers.idle-poll=-1ms",
				"fluxor.pipelines.numbers.idle-poll must not be negative but was PT-0.001S",
				"fluxor.pipelines.numbers.drain-timeout=-1s",
				"fluxor.pipelines.numbers.drain-timeout must not be negative but was PT-1S",
				"fluxor.pipelines.numbers.idle-poll=1000000d",
				"fluxor.pipelines.numbers.idle-poll must be at most 106751d but was PT24000000H",
				"fluxor.pipelines.numbers.clog.timeout=1000000d",
				"fluxor.pipelines.numbers.clog.timeout must be at most 106751d but was PT24000000H",
				"fluxor.pipelines.numbers.clog.max-restart-backoff=1000000d",
				"fluxor.pipelines.numbers.clog.max-restart-backoff must be at most 106751d but was PT24000000H");
		wrong.forEach(this::assertStartupFails);
	}

	@Test
	void whenADeadLetterAddressIsSetWithoutTheDeadLetterActionThenStartupFailsNamingBothProperties() {
		assertStartupFails("fluxor.pipelines.numbers.stages.evens.dead-letter-address=rejects",
				"fluxor.pipelines.numbers.stages.evens.dead-letter-address", "on-error");
	}

	@Test
	void whenAStageHasNoReceiverThenStartupFailsNamingThePath() {
		this.contextRunner.withPropertyValues(VALID)
			.withPropertyValues("fluxor.pipelines.numbers.stages.evens.to=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("stage 'evens' (filter) has no receiver: path source -> evens")
				.hasMessageContaining("fluxor.pipelines.numbers"));
	}

	@Test
	void whenStagesFormACycleThenStartupFailsNamingTheCycle() {
		this.contextRunner.withPropertyValues(VALID)
			.withPropertyValues("fluxor.pipelines.numbers.stages.split.to=left,right,evens")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("cycle evens -> split -> evens"));
	}

	@Test
	void whenABeanIsNoStageThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues(VALID)
			.withPropertyValues("fluxor.pipelines.numbers.stages.left.bean=notAStage")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fluxor.pipelines.numbers.stages.left.bean: a java.lang.String is no pipeline stage"));
	}

	@Test
	void whenAStageIsCloggedTheHealthIsDownAndTheMetricsShowIt() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration.class))
			.withPropertyValues("fluxor.pipelines.stuck.clog.timeout=100ms", "fluxor.pipelines.stuck.clog.policy=shed",
					"fluxor.pipelines.stuck.buffer-size=2", "fluxor.pipelines.stuck.drain-timeout=100ms",
					"fluxor.pipelines.stuck.stages.source.to=never", "fluxor.pipelines.stuck.stages.never.type=loader")
			.run((context) -> {
				PipelinesHealthIndicator health = context.getBean(PipelinesHealthIndicator.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> health.health().getStatus().equals(Status.DOWN));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("fluxor.pipeline.clogged").tag("pipeline", "stuck").tag("stage", "never").gauge().value())
					.isEqualTo(1.0);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> meters.get("fluxor.pipeline.items").tag("stage", "never").tag("outcome", "shed")
						.functionCounter().count() > 0);
				assertThat(health.health().getDetails()).containsKey("stuck");
			});
	}

	@Test
	void whenTheContextClosesRunningPipelinesAreDrained() {
		List<PipelineState> ends = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("fluxor.pipelines.endless.stages.forever.to=collect",
				"fluxor.pipelines.endless.stages.forever.bean=queue", "fluxor.pipelines.endless.stages.collect.type=loader").run((context) -> {
					io.fluxor.pipeline.Pipeline pipeline = context.getBean(PipelineRegistry.class).find("endless");
					assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
					pipeline.whenTerminated().thenAccept(ends::add);
				});
		assertThat(ends).containsExactly(PipelineState.STOPPED);
	}

	/**
	 * Starts the valid configuration with one property changed and asserts that startup fails with
	 * an {@link InvalidPipelineException} whose message holds every given part.
	 */
	private void assertStartupFails(String property, String... messageParts) {
		this.contextRunner.withPropertyValues(VALID).withPropertyValues(property).run((context) -> {
			AbstractThrowableAssert<?, ? extends Throwable> failure = assertThat(context).as(property)
				.hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidPipelineException.class);
			for (String part : messageParts) {
				failure.hasMessageContaining(part);
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class LoopsConfiguration {

		@Bean(destroyMethod = "close")
		EventLoopGroup eventLoopGroup() {
			return new EventLoopGroup(EventLoopOptions.defaults().withCount(2).withRingBufferSize(256).withWorkers(2, 8))
				.start();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StagesConfiguration {

		final List<Integer> collected = new CopyOnWriteArrayList<>();

		@Bean
		Extractor<Integer> source() {
			return Extractors.fromIterable(java.util.stream.IntStream.range(0, 100).boxed().toList());
		}

		@Bean
		Extractor<Integer> queue() {
			return Extractors.fromQueue(new java.util.concurrent.ConcurrentLinkedQueue<>());
		}

		@Bean
		Filter<Integer> evens() {
			return (i) -> i % 2 == 0;
		}

		@Bean
		Loader<Integer> collect() {
			return this.collected::add;
		}

		@Bean
		AsyncLoader<Integer> never() {
			return (i) -> new CompletableFuture<>();
		}

		@Bean
		String notAStage() {
			return "text";
		}

	}

}
