package io.fluxor.autoconfigure.verticle;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.fluxor.autoconfigure.actuate.FluxorEndpoint;
import io.fluxor.autoconfigure.actuate.FluxorEndpointAutoConfiguration;
import io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration;
import io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration;
import io.fluxor.eventbus.EventBus;
import io.fluxor.eventbus.Message;
import io.fluxor.metrics.VerticleMetrics;
import io.fluxor.verticle.Consume;
import io.fluxor.verticle.DefaultVerticleDeployer;
import io.fluxor.verticle.OnStart;
import io.fluxor.verticle.VerticleContext;
import io.fluxor.verticle.VerticleDeployer;
import io.fluxor.verticle.VerticleDeployment;
import io.fluxor.verticle.VerticleState;
import io.fluxor.eventloop.EventLoopGroup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import static org.assertj.core.api.Assertions.assertThat;

class VerticleAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EventLoopAutoConfiguration.class, EventBusAutoConfiguration.class,
				VerticleAutoConfiguration.class))
		.withPropertyValues("fluxor.event-loop.count=2", "fluxor.verticle.restart-backoff.initial=5ms");

	@Test
	void aVerticleBeanIsDeployedAndAnswersRequestsOnItsLoop() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(VerticleDeployer.class).hasSingleBean(VerticleDeploymentLifecycle.class);
			Message<String> reply = context.getBean(EventBus.class).<String>request("echo", "hi")
				.get(5, TimeUnit.SECONDS);
			assertThat(reply.body()).isEqualTo("hi from fluxor-loop-0");
			List<VerticleDeployment> deployments = context.getBean(VerticleDeployer.class).deployments();
			assertThat(deployments).singleElement().satisfies((deployment) -> {
				assertThat(deployment.name()).isEqualTo("echo");
				assertThat(deployment.state()).isEqualTo(VerticleState.RUNNING);
				assertThat(deployment.loops()).containsExactly("fluxor-loop-0");
			});
		});
	}

	@Test
	void theVerticleNameDefaultsToTheBeanName() {
		this.contextRunner.withBean("statusVerticle", Unnamed.class).run((context) -> assertThat(
				context.getBean(VerticleDeployer.class).deployments()).extracting(VerticleDeployment::name)
			.containsExactly("statusVerticle"));
	}

	@Test
	void severalInstancesOfASingletonBeanAreFreshAutowiredObjectsOnEveryLoop() {
		this.contextRunner.withUserConfiguration(MultiInstanceConfiguration.class).run((context) -> {
			EventBus bus = context.getBean(EventBus.class);
			Set<String> replies = ConcurrentHashMap.newKeySet();
			for (int i = 0; i < 6; i++) {
				replies.add(bus.<String>request("multi", "x").get(5, TimeUnit.SECONDS).body());
			}
			assertThat(replies).hasSize(2).allSatisfy((reply) -> assertThat(reply).startsWith("injected on fluxor-loop-"));
			assertThat(context.getBean(VerticleDeployer.class).deployments().get(0).instances()).isEqualTo(2);
		});
	}

	@Test
	void aWorkerVerticleRunsOnTheWorkerPool() {
		this.contextRunner.withUserConfiguration(WorkerConfiguration.class).run((context) -> {
			String thread = context.getBean(EventBus.class).<String>request("blocking", "x")
				.get(5, TimeUnit.SECONDS)
				.body();
			assertThat(thread).startsWith("fluxor-worker-");
		});
	}

	@Test
	void closingTheContextUndeploysTheVerticles() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class).run((context) -> {
			EventBus bus = context.getBean(EventBus.class);
			assertThat(bus.statistics().consumerCount("echo")).isEqualTo(1);
			context.close();
			assertThat(bus.statistics().consumerCount("echo")).isZero();
		});
	}

	@Test
	void aVerticleThatKeepsFailingMakesReadinessDownAndIsCounted() {
		this.contextRunner.withUserConfiguration(BrokenConfiguration.class)
			.withConfiguration(AutoConfigurations.of(FluxorEndpointAutoConfiguration.class))
			.withPropertyValues("fluxor.verticle.max-restarts=1", "management.endpoints.web.exposure.include=fluxor")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				VerticleHealthIndicator health = context.getBean(VerticleHealthIndicator.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.health().getDetails()).containsKey("broken");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(VerticleMetrics.class).bindTo(registry);
				assertThat(registry.get("fluxor.verticle.restarts").tag("verticle", "broken").functionCounter().count())
					.isEqualTo(1);
				assertThat(registry.get("fluxor.verticle.failed").tag("verticle", "broken").gauge().value()).isEqualTo(1);
				List<?> deployments = (List<?>) context.getBean(FluxorEndpoint.class).section("deployments");
				assertThat(deployments).singleElement()
					.satisfies((deployment) -> assertThat(((VerticleDeployment) deployment).state())
						.isEqualTo(VerticleState.FAILED));
			});
	}

	@Test
	void readinessIsUpWhenEveryVerticleRuns() {
		this.contextRunner.withUserConfiguration(EchoConfiguration.class).run((context) -> assertThat(
				context.getBean(VerticleHealthIndicator.class).health().getStatus())
			.isEqualTo(Status.UP));
	}

	@Test
	void withoutActuatorThereIsNoHealthIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withUserConfiguration(EchoConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(VerticleHealthIndicator.class);
				assertThat(context.getBean(VerticleDeployer.class).deployments()).hasSize(1);
			});
	}

	@Test
	void withoutAnEventBusNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VerticleAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(VerticleDeployer.class));
	}

	@Test
	void aUserDefinedDeployerIsUsed() {
		this.contextRunner.withUserConfiguration(CustomDeployerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(VerticleDeployer.class);
			assertThat(context.getBean(VerticleDeployer.class)).isSameAs(context.getBean("customDeployer"));
		});
	}

	@Test
	void propertyDefaultsAreTheRuntimeDefaults() {
		assertThat(new VerticleProperties().toOptions()).isEqualTo(io.fluxor.verticle.DeploymentOptions.DEFAULT);
	}

	@Test
	void propertiesSetTheSupervision() {
		this.contextRunner
			.withPropertyValues("fluxor.verticle.max-restarts=7", "fluxor.verticle.restart-window=2m",
					"fluxor.verticle.restart-backoff.initial=50ms", "fluxor.verticle.restart-backoff.max=5s")
			.run((context) -> {
				io.fluxor.verticle.DeploymentOptions options = context.getBean(VerticleProperties.class).toOptions();
				assertThat(options.maxRestarts()).isEqualTo(7);
				assertThat(options.restartWindow()).isEqualTo(Duration.ofMinutes(2));
				assertThat(options.restartBackoffInitial()).isEqualTo(Duration.ofMillis(50));
				assertThat(options.restartBackoffMax()).isEqualTo(Duration.ofSeconds(5));
			});
	}

	@Test
	void whenMaxRestartsIsNegativeThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.verticle.max-restarts=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fluxor.verticle.max-restarts"));
	}

	@Test
	void whenTheBackoffMaxIsBelowItsInitialValueThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("fluxor.verticle.restart-backoff.initial=2s", "fluxor.verticle.restart-backoff.max=1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fluxor.verticle.restart-backoff.max must be at least "
						+ "fluxor.verticle.restart-backoff.initial (PT2S) but was PT1S"));
	}

	@Test
	void whenTheRestartWindowIsZeroThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("fluxor.verticle.restart-window=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fluxor.verticle.restart-window must be positive but was PT0S"));
	}

	@Test
	void whenADurationIsTooLongToCountInNanosecondsThenStartupFailsNamingTheProperty() {
		for (String property : new String[] { "restart-window", "start-timeout", "restart-backoff.max" }) {
			this.contextRunner.withPropertyValues("fluxor.verticle." + property + "=1000000d")
				.run((context) -> assertThat(context).as(property)
					.hasFailed()
					.getFailure()
					.rootCause()
					.hasMessageContaining("fluxor.verticle." + property + " must be at most 106751d but was PT24000000H"));
		}
	}

	@Test
	void aVerticleWithoutInstancesFailsStartupNamingItsBean() {
		this.contextRunner.withBean("idle", NoInstances.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("@Verticle of bean 'idle': instances must be at least 1 but was 0"));
	}

	@Test
	void aVerticleWithAnInvalidMethodFailsStartupNamingIt() {
		this.contextRunner.withBean("invalid", Invalid.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Invalid.both() declares more than one payload parameter"));
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		Echo echoVerticle() {
			return new Echo();
		}

	}

	@Verticle(name = "echo")
	static class Echo {

		@Consume("echo")
		String echo(String body) {
			return body + " from " + Thread.currentThread().getName();
		}

	}

	@Verticle
	static class Unnamed {

		@Consume("unnamed")
		void unnamed() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MultiInstanceConfiguration {

		@Bean
		String greeting() {
			return "injected";
		}

		@Bean
		MultiInstance multiInstance(String greeting) {
			return new MultiInstance(greeting);
		}

	}

	@Verticle(instances = 0)
	static class NoInstances {

	}

	@Verticle(instances = 2)
	static class MultiInstance {

		private final String greeting;

		private String loop;

		MultiInstance(String greeting) {
			this.greeting = greeting;
		}

		@OnStart
		void start(VerticleContext context) {
			this.loop = context.loop().name();
		}

		@Consume("multi")
		String where() {
			return this.greeting + " on " + this.loop;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WorkerConfiguration {

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		Blocking blocking() {
			return new Blocking();
		}

	}

	@Verticle(worker = true)
	static class Blocking {

		@Consume("blocking")
		String block() {
			return Thread.currentThread().getName();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BrokenConfiguration {

		@Bean
		Broken broken() {
			return new Broken();
		}

	}

	@Verticle(name = "broken")
	static class Broken {

		@OnStart
		CompletableFuture<Void> start() {
			return CompletableFuture.failedFuture(new IllegalStateException("database unreachable"));
		}

	}

	@Verticle
	static class Invalid {

		@Consume("both")
		void both(String first, String second) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomDeployerConfiguration {

		@Bean
		VerticleDeployer customDeployer(EventLoopGroup group, EventBus bus) {
			return new DefaultVerticleDeployer(group, bus);
		}

	}

}
