package io.fluxor.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration;
import io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration;
import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class FluxorEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EventLoopAutoConfiguration.class, EventBusAutoConfiguration.class,
				FluxorEndpointAutoConfiguration.class))
		.withPropertyValues("fluxor.event-loop.count=2", "management.endpoints.web.exposure.include=fluxor");

	@Test
	@SuppressWarnings("unchecked")
	void describesLoopsAndAddresses() {
		this.contextRunner.run((context) -> {
			EventBus bus = context.getBean(EventBus.class);
			bus.<String>consumer("orders", (message) -> message.reply("ok"));
			bus.request("orders", "x").get(5, TimeUnit.SECONDS);
			FluxorEndpoint endpoint = context.getBean(FluxorEndpoint.class);
			Map<String, Object> all = endpoint.fluxor();
			assertThat(all).containsOnlyKeys("loops", "addresses");
			List<Map<String, Object>> loops = (List<Map<String, Object>>) all.get("loops");
			assertThat(loops).extracting((loop) -> loop.get("name")).containsExactly("fluxor-loop-0", "fluxor-loop-1");
			List<Map<String, Object>> addresses = (List<Map<String, Object>>) endpoint.section("addresses");
			assertThat(addresses).anySatisfy((address) -> {
				assertThat(address).containsEntry("address", "orders").containsEntry("consumers", 1);
				assertThat(address).containsEntry("replied", 1L);
			});
			assertThat(endpoint.section("nope")).isNull();
		});
	}

	@Test
	void userSectionsJoinTheEndpoint() {
		this.contextRunner.withBean("custom", FluxorEndpointSection.class, () -> FluxorEndpointSection.of("custom", () -> "hello"))
			.run((context) -> assertThat(context.getBean(FluxorEndpoint.class).fluxor()).containsEntry("custom", "hello"));
	}

	@Test
	void userBeansNamedLikeTheLoopsAndAddressesSectionsReplaceThem() {
		this.contextRunner.withUserConfiguration(UserSectionsConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean("fluxorLoopsSection")).isSameAs(UserSectionsConfiguration.LOOPS);
			assertThat(context.getBean("fluxorAddressesSection")).isSameAs(UserSectionsConfiguration.ADDRESSES);
			assertThat(context.getBeansOfType(FluxorEndpointSection.class).values())
				.containsExactlyInAnyOrder(UserSectionsConfiguration.LOOPS, UserSectionsConfiguration.ADDRESSES);
			assertThat(context.getBean(FluxorEndpoint.class).fluxor()).containsEntry("loops", "user loops")
				.containsEntry("addresses", "user addresses");
		});
	}

	@Test
	void theLoopsHealthIsUpWhileTheyRunAndDownAfter() {
		this.contextRunner.run((context) -> {
			EventLoopHealthIndicator health = context.getBean("fluxorEventLoopsHealthIndicator",
					EventLoopHealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(health.health().getDetails()).containsKeys("fluxor-loop-0", "fluxor-loop-1");
			context.getBean(EventLoopGroup.class).shutdown(Duration.ofSeconds(1));
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void whenTheEndpointIsNotExposedThereIsNoEndpointBean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EventLoopAutoConfiguration.class,
					FluxorEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FluxorEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSectionsConfiguration {

		static final FluxorEndpointSection LOOPS = FluxorEndpointSection.of("loops", () -> "user loops");

		static final FluxorEndpointSection ADDRESSES = FluxorEndpointSection.of("addresses", () -> "user addresses");

		@Bean
		FluxorEndpointSection fluxorLoopsSection() {
			return LOOPS;
		}

		@Bean
		FluxorEndpointSection fluxorAddressesSection() {
			return ADDRESSES;
		}

	}

}
