package io.fluxor.autoconfigure.pipeline;

import java.time.Duration;

import io.fluxor.pipeline.PipelineSnapshot;
import io.fluxor.pipeline.PipelineState;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PipelineEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(PipelineAutoConfiguration.class, PipelineEndpointAutoConfiguration.class))
		.withUserConfiguration(PipelineAutoConfigurationTests.LoopsConfiguration.class,
				PipelineAutoConfigurationTests.StagesConfiguration.class)
		.withPropertyValues("management.endpoints.web.exposure.include=fluxorpipelines",
				"fluxor.pipelines.endless.auto-startup=false", "fluxor.pipelines.endless.drain-timeout=2s",
				"fluxor.pipelines.endless.stages.forever.to=collect",
				"fluxor.pipelines.endless.stages.forever.bean=queue",
				"fluxor.pipelines.endless.stages.collect.type=loader");

	@Test
	void theEndpointListsThePipelinesAndStartsAndStopsOneByName() {
		this.contextRunner.run((context) -> {
			PipelinesEndpoint endpoint = context.getBean(PipelinesEndpoint.class);
			assertThat(endpoint.pipelines()).extracting(PipelineSnapshot::name).containsExactly("endless");
			assertThat(endpoint.pipeline("endless").state()).isEqualTo(PipelineState.NEW);
			PipelineSnapshot started = endpoint.changeState("endless", "start");
			assertThat(started.state()).isEqualTo(PipelineState.RUNNING);
			assertThat(started.stages()).hasSize(2);
			assertThat(endpoint.changeState("endless", "stop").state()).isEqualTo(PipelineState.STOPPED);
			assertThat(endpoint.changeState("endless", "start").state()).isEqualTo(PipelineState.RUNNING);
		});
	}

	@Test
	void stopDrainsWithinTheConfiguredDrainTimeout() {
		this.contextRunner.run((context) -> assertThat(context.getBean(PipelineLifecycle.class).drainTimeout("endless"))
			.isEqualTo(Duration.ofSeconds(2)));
	}

	@Test
	void anUnknownPipelineIsNullWhichIsNotFound() {
		this.contextRunner.run((context) -> {
			PipelinesEndpoint endpoint = context.getBean(PipelinesEndpoint.class);
			assertThat(endpoint.pipeline("nope")).isNull();
			assertThat(endpoint.changeState("nope", "start")).isNull();
		});
	}

	@Test
	void anUnknownActionIsABadRequestNamingTheAllowedActions() {
		this.contextRunner.run((context) -> {
			PipelinesEndpoint endpoint = context.getBean(PipelinesEndpoint.class);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.changeState("endless", "pause"))
				.withMessage("Unknown action 'pause': must be start or stop");
			assertThat(endpoint.pipeline("endless").state()).isEqualTo(PipelineState.NEW);
		});
	}

	@Test
	void whenTheEndpointIsNotExposedThereIsNoEndpointBean() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipelinesEndpoint.class));
	}

	@Test
	void whenThereAreNoEventLoopsThereIsNoRegistryAndNoEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PipelineAutoConfiguration.class, PipelineEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=fluxorpipelines")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipelinesEndpoint.class));
	}

	@Test
	void aUserEndpointReplacesTheAutoConfiguredOne() {
		this.contextRunner
			.withBean("myEndpoint", PipelinesEndpoint.class,
					() -> new PipelinesEndpoint(new io.fluxor.pipeline.PipelineRegistry(), (name) -> Duration.ZERO))
			.run((context) -> assertThat(context).getBean(PipelinesEndpoint.class)
				.isSameAs(context.getBean("myEndpoint")));
	}

}
