package io.fluxor.autoconfigure.eventbus;

import java.util.concurrent.TimeUnit;

import io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration;
import io.fluxor.eventbus.DeliveryContext;
import io.fluxor.eventbus.EventBus;
import io.fluxor.eventbus.EventBusInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EventBusAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EventLoopAutoConfiguration.class, EventBusAutoConfiguration.class));

	@Test
	void createsABusThatAnswersRequests() {
		this.contextRunner.run((context) -> {
			EventBus bus = context.getBean(EventBus.class);
			bus.<String>consumer("ping", (message) -> message.reply("pong"));
			assertThat(bus.request("ping", "x").get(5, TimeUnit.SECONDS).body()).isEqualTo("pong");
		});
	}

	@Test
	void interceptorBeansAreApplied() {
		this.contextRunner.withBean(EventBusInterceptor.class, () -> new EventBusInterceptor() {

			@Override
			public boolean outbound(DeliveryContext context) {
				context.headers().put("tenant", "acme");
				return true;
			}

		}).run((context) -> {
			EventBus bus = context.getBean(EventBus.class);
			bus.<String>consumer("whoami", (message) -> message.reply(message.headers().get("tenant")));
			assertThat(bus.request("whoami", "x").get(5, TimeUnit.SECONDS).body()).isEqualTo("acme");
		});
	}

	@Test
	void withoutEventLoopsThereIsNoBus() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EventBusAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EventBus.class));
	}

}
