package io.fluxor.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.fluxor.gateway.GatewayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

	@Test
	void theFirstRequestsOfARouteArrivingTogetherRegisterItsMetersOnce() throws Exception {
		Logger logger = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		Level level = logger.getLevel();
		// Micrometer warns of a second registration once per JVM, then logs it at debug level
		logger.setLevel(Level.DEBUG);
		logger.addAppender(logged);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			MicrometerGatewayMetrics metrics = new MicrometerGatewayMetrics(this.registry);
			for (int route = 0; route < 100; route++) {
				String template = "/route/" + route;
				CyclicBarrier together = new CyclicBarrier(8);
				List<Future<?>> recorded = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					recorded.add(threads.submit(() -> {
						together.await();
						metrics.recorder("GET", template).record(200, 1_000);
						return null;
					}));
				}
				for (Future<?> future : recorded) {
					future.get(10, TimeUnit.SECONDS);
				}
			}
		}
		finally {
			threads.shutdownNow();
			logger.detachAppender(logged);
			logger.setLevel(level);
		}
		assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
			.noneMatch((message) -> message.contains("already registered"));
		assertThat(this.registry.get(MicrometerGatewayMetrics.REQUESTS).tag("path", "/route/99").functionCounter().count())
			.isEqualTo(8);
	}

	private double requests(String status) {
		return this.registry.get(MicrometerGatewayMetrics.REQUESTS)
			.tags("method", "GET", "path", "/users/{id}", "status", status)
			.functionCounter()
			.count();
	}

}
