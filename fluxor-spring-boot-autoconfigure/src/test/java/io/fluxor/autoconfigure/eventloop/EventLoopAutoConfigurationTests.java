package io.fluxor.autoconfigure.eventloop;

import java.time.Duration;
import java.util.Map;

import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;
import io.fluxor.eventloop.PhasedBackoff;
import io.fluxor.eventloop.WaitStrategyType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventLoopAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EventLoopAutoConfiguration.class));

	@Test
	void createsARunningGroupWithTheDefaults() {
		this.contextRunner.run((context) -> {
			EventLoopGroup group = context.getBean(EventLoopGroup.class);
			assertThat(group.isRunning()).isTrue();
			assertThat(group.size()).isEqualTo(Runtime.getRuntime().availableProcessors());
			assertThat(group.options().ringBufferSize()).isEqualTo(16384);
			assertThat(group.options().waitStrategy()).isEqualTo(WaitStrategyType.PHASED);
			assertThat(group.options().maxExecuteTime()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void propertyDefaultsAreTheRuntimeDefaults() {
		assertThat(new EventLoopProperties().toOptions()).isEqualTo(EventLoopOptions.defaults());
	}

	@Test
	void appliesTheProperties() {
		this.contextRunner
			.withPropertyValues("fluxor.event-loop.count=3", "fluxor.event-loop.ring-buffer-size=1024",
					"fluxor.event-loop.wait-strategy=busy-spin", "fluxor.event-loop.max-execute-time=500ms")
			.run((context) -> {
				EventLoopOptions options = context.getBean(EventLoopGroup.class).options();
				assertThat(options.count()).isEqualTo(3);
				assertThat(options.ringBufferSize()).isEqualTo(1024);
				assertThat(options.waitStrategy()).isEqualTo(WaitStrategyType.BUSY_SPIN);
				assertThat(options.maxExecuteTime()).isEqualTo(Duration.ofMillis(500));
			});
	}

	@Test
	void appliesThePhasesOfThePhasedWaitStrategy() {
		this.contextRunner
			.withPropertyValues("fluxor.event-loop.phased.spin-timeout=20us",
					"fluxor.event-loop.phased.yield-timeout=50us")
			.run((context) -> assertThat(context.getBean(EventLoopGroup.class).options().phasedBackoff())
				.isEqualTo(new PhasedBackoff(Duration.ofNanos(20_000), Duration.ofNanos(50_000))));
	}

	@Test
	void whenAPhaseIsNegativeThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.event-loop.phased.yield-timeout=-1ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fluxor.event-loop.phased.yieldTimeout"));
	}

	@Test
	void whenADurationIsTooLongToCountInNanosecondsThenStartupFailsNamingTheProperty() {
		Map<String, String> wrong = Map.of("fluxor.event-loop.max-execute-time", "fluxor.event-loop.maxExecuteTime",
				"fluxor.event-loop.phased.spin-timeout", "fluxor.event-loop.phased.spinTimeout",
				"fluxor.event-loop.phased.yield-timeout", "fluxor.event-loop.phased.yieldTimeout",
				"fluxor.shutdown-timeout", "fluxor.shutdownTimeout");
		wrong.forEach((property, field) -> this.contextRunner
			.withPropertyValues(property + "=1000000d", "spring.lifecycle.timeout-per-shutdown-phase=1000000d")
			.run((context) -> assertThat(context).as(property)
				.hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(field)
				.hasMessageContaining("must be shorter than or equal to 106751 days")));
	}

	@Test
	void whenRingSizeIsNotAPowerOfTwoThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.event-loop.ring-buffer-size=1000")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fluxor.event-loop.ring-buffer-size")
				.hasMessageContaining("must be a power of 2"));
	}

	@Test
	void whenWaitStrategyIsUnknownThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.event-loop.wait-strategy=napping")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'fluxor.event-loop.wait-strategy'"));
	}

	@Test
	void whenLoopCountIsZeroThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.event-loop.count=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fluxor.event-loop.count"));
	}

	@Test
	void whenMaxExecuteTimeIsNotPositiveThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.event-loop.max-execute-time=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fluxor.event-loop.maxExecuteTime"));
	}

	@Test
	void whenShutdownTimeoutIsNegativeThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.shutdown-timeout=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fluxor.shutdownTimeout"));
	}

	@Test
	void whenShutdownTimeoutExceedsSpringsShutdownPhaseTimeoutThenStartupFailsNamingBoth() {
		this.contextRunner.withPropertyValues("fluxor.shutdown-timeout=45s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("fluxor.shutdown-timeout")
				.hasMessageContaining("spring.lifecycle.timeout-per-shutdown-phase (30s)"));
	}

	@Test
	void aShutdownTimeoutWithinSpringsShutdownPhaseTimeoutIsAccepted() {
		this.contextRunner
			.withPropertyValues("fluxor.shutdown-timeout=45s", "spring.lifecycle.timeout-per-shutdown-phase=50s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void customizersAdjustTheOptionsAfterTheProperties() {
		this.contextRunner.withPropertyValues("fluxor.event-loop.count=3")
			.withBean(EventLoopOptionsCustomizer.class, () -> (options) -> options.withCount(options.count() + 1))
			.run((context) -> assertThat(context.getBean(EventLoopGroup.class).size()).isEqualTo(4));
	}

	@Test
	void aUserDefinedGroupWins() {
		this.contextRunner.withUserConfiguration(UserGroupConfiguration.class)
			.run((context) -> assertThat(context.getBean(EventLoopGroup.class).size()).isEqualTo(1));
	}

	@Test
	void closingTheContextShutsTheLoopsDown() {
		this.contextRunner.run((context) -> {
			EventLoopGroup group = context.getBean(EventLoopGroup.class);
			context.close();
			assertThat(group.isRunning()).isFalse();
		});
	}

	@Test
	void startingAStoppedContextAgainFailsSayingTheLoopsCannotBeRestarted() {
		this.contextRunner.run((context) -> {
			context.stop();
			assertThatExceptionOfType(ApplicationContextException.class).isThrownBy(context::start)
				.havingRootCause()
				.withMessageContaining("shut down and cannot be started again");
			assertThat(context.getBean(EventLoopGroupLifecycle.class).isRunning()).isFalse();
			assertThat(context.getBean(EventLoopGroup.class).isRunning()).isFalse();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserGroupConfiguration {

		@Bean(destroyMethod = "close")
		EventLoopGroup myGroup() {
			return new EventLoopGroup(EventLoopOptions.defaults().withCount(1)).start();
		}

	}

}
