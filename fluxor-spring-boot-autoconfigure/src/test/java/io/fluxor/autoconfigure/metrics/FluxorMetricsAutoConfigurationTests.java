package io.fluxor.autoconfigure.metrics;

import java.util.concurrent.TimeUnit;

import io.fluxor.autoconfigure.eventbus.EventBusAutoConfiguration;
import io.fluxor.autoconfigure.eventloop.EventLoopAutoConfiguration;
import io.fluxor.eventbus.EventBus;
import io.fluxor.metrics.EventLoopMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FluxorMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EventLoopAutoConfiguration.class, EventBusAutoConfiguration.class,
				FluxorMetricsAutoConfiguration.class))
		.withPropertyValues("fluxor.event-loop.count=2");

	@Test
	void exposesTheEventLoopAndEventBusFamiliesUnderTheirPrometheusNames() {
		this.contextRunner.run((context) -> {
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			EventBus bus = context.getBean(EventBus.class);
			bus.<String>consumer("orders", (message) -> message.reply("ok"));
			bus.request("orders", "x").get(5, TimeUnit.SECONDS);
			await().untilAsserted(() -> assertThat(registry.scrape())
				.contains("fluxor_eventbus_messages_total{address=\"orders\",kind=\"replied\"} 1.0"));
			String scrape = registry.scrape();
			assertThat(scrape).contains("fluxor_eventloop_queue_length{loop=\"fluxor-loop-0\"}")
				.contains("fluxor_eventloop_queue_capacity{loop=\"fluxor-loop-1\"} 16384.0")
				.contains("fluxor_eventloop_latency_seconds{loop=\"fluxor-loop-0\"}")
				.contains("fluxor_eventloop_processed_messages_total{loop=\"fluxor-loop-0\"}")
				.contains("fluxor_eventloop_rejected_total{loop=\"fluxor-loop-1\"} 0.0")
				.contains("fluxor_eventloop_blocked_total{loop=\"fluxor-loop-1\"} 0.0")
				.contains("fluxor_eventbus_messages_total{address=\"orders\",kind=\"sent\"} 1.0")
				.contains("fluxor_eventbus_failures_total{address=\"orders\",failure=\"timeout\"} 0.0")
				.contains("fluxor_eventbus_pending_replies");
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EventLoopMetrics.class));
	}

}
