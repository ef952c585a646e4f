package io.fluxor.autoconfigure.gateway;

import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.GatewayServer;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.gateway.proxy.TestUpstream;
import io.fluxor.gateway.proxy.UpstreamFixture;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's two latency histograms as Prometheus scrapes them: 16 buckets by default, and
 * Spring Boot's {@code management.metrics.distribution.*} properties change them.
 */
class LatencyHistogramTests {

	private static final String REQUESTS = "fluxor_http_request_duration_seconds_bucket{method=\"GET\",path=\"/hello\"";

	private static final String UPSTREAM = "fluxor_gateway_upstream_duration_seconds_bucket{route=\"api\"";

	@RegisterExtension
	static final UpstreamFixture fixture = new UpstreamFixture();

	private final TestUpstream upstream = fixture.text("ok");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				GatewayMetricsAutoConfiguration.class, GatewayAutoConfiguration.class))
		.withPropertyValues("fluxor.gateway.host=127.0.0.1", "fluxor.gateway.port=0",
				"fluxor.gateway.routes[0].id=hello", "fluxor.gateway.routes[0].path=/hello",
				"fluxor.gateway.routes[0].handler=hello", "fluxor.gateway.routes[1].id=api",
				"fluxor.gateway.routes[1].path=/api/**", "fluxor.gateway.routes[1].upstreams[0].url=" + this.upstream.url())
		.withBean("hello", GatewayHandler.class, () -> (request) -> Mono.just(HttpResponseMessage.ok("hello")));

	@Test
	void eachSeriesHasSixteenBucketsFrom250MicrosecondsTo30SecondsByDefault() {
		this.contextRunner.run((context) -> {
			String scrape = scrapeAfterRequests(context);
			assertThat(buckets(scrape, REQUESTS)).isEqualTo(17);
			assertThat(buckets(scrape, UPSTREAM)).isEqualTo(17);
			assertThat(scrape).contains(REQUESTS + ",status=\"200\",le=\"0.005\"}")
				.contains(REQUESTS + ",status=\"200\",le=\"0.2\"}")
				.contains(REQUESTS + ",status=\"200\",le=\"30.0\"}")
				.contains(REQUESTS + ",status=\"200\",le=\"+Inf\"} 1");
		});
	}

	@Test
	void springBootsDistributionPropertiesReplaceOrExtendTheBuckets() {
		this.contextRunner
			.withPropertyValues("management.metrics.distribution.slo.fluxor.http.request.duration=5ms,50ms,500ms",
					"management.metrics.distribution.percentiles-histogram.fluxor.gateway.upstream.duration=true")
			.run((context) -> {
				String scrape = scrapeAfterRequests(context);
				assertThat(buckets(scrape, REQUESTS)).isEqualTo(4);
				assertThat(buckets(scrape, UPSTREAM)).isGreaterThan(60);
			});
	}

	private static String scrapeAfterRequests(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		GatewayTestClient client = new GatewayTestClient(context.getBean(GatewayServer.class));
		assertThat(client.get("/hello").status()).isEqualTo(200);
		assertThat(client.get("/api/x").status()).isEqualTo(200);
		return context.getBean(PrometheusMeterRegistry.class).scrape();
	}

	private static long buckets(String scrape, String series) {
		return scrape.lines().filter((line) -> line.startsWith(series)).count();
	}

}
