package io.fluxor.metrics;

import java.util.concurrent.TimeUnit;

import io.fluxor.gateway.GatewayMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerGatewayMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void eachRequestIsCountedAndTimedUnderItsMethodRouteAndStatus() {
		MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics(this.registry);
		GatewayMetrics.RequestRecorder recorder = metrics.recorder("GET", "/users/{id}");
		recorder.record(200, TimeUnit.MILLISECONDS.toNanos(3));
		recorder.record(200, TimeUnit.MILLISECONDS.toNanos(5));
		metrics.requestServed("GET", "/users/{id}", 404, TimeUnit.MILLISECONDS.toNanos(1));
		assertThat(requests("200")).isEqualTo(2);
		assertThat(requests("404")).isEqualTo(1);
		assertThat(this.registry.get(MicrometerGatewayMetrics.REQUEST_DURATION).tag("status", "200").timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(8);
	}

	@Test
	void requestsAreStillCountedWhenAMeterFilterTurnsTheTimerOff() {
		this.registry.config().meterFilter(MeterFilter.denyNameStartsWith(MicrometerGatewayMetrics.REQUEST_DURATION));
		MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics(this.registry);
		metrics.requestServed("POST", "/orders", 201, 1_000);
		metrics.requestServed("POST", "/orders", 201, 1_000);
		assertThat(this.registry.find(MicrometerGatewayMetrics.REQUEST_DURATION).meter()).isNull();
		assertThat(this.registry.get(MicrometerGatewayMetrics.REQUESTS).tag("status", "201").counter().count())
			.isEqualTo(2);
	}

	private double requests(String status) {
		return this.registry.get(MicrometerGatewayMetrics.REQUESTS)
			.tags("method", "GET", "path", "/users/{id}", "status", status)
			.functionCounter()
			.count();
	}

}
