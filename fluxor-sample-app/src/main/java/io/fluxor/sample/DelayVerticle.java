package io.fluxor.sample;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.fluxor.autoconfigure.verticle.Verticle;
import io.fluxor.gateway.HttpRequestMessage;
import io.fluxor.gateway.HttpResponseMessage;
import io.fluxor.verticle.Consume;
import io.fluxor.verticle.VerticleContext;
import io.fluxor.verticle.VerticleFailure;

/**
 * Serves {@code GET /api/delay?ms=N}: replies after N milliseconds from a timer, without blocking
 * its loop, which makes slow requests for backpressure demos.
 */
@Verticle(name = "delay")
public class DelayVerticle {

	private static final long MAX_DELAY_MILLIS = 60_000;

	@Consume("api.delay")
	CompletionStage<HttpResponseMessage> delay(HttpRequestMessage request, VerticleContext context) {
		long millis = parseDelay(request.queryParam("ms"));
		return context.delay(Duration.ofMillis(millis))
			.thenApply((ignored) -> HttpResponseMessage.json("{\"delayedMs\":" + millis + "}"));
	}

	private static long parseDelay(String value) {
		if (value == null) {
			return 0;
		}
		try {
			long millis = Long.parseLong(value);
			if (millis >= 0 && millis <= MAX_DELAY_MILLIS) {
				return millis;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new VerticleFailure(400, "ms must be a whole number of milliseconds from 0 to " + MAX_DELAY_MILLIS);
	}

}
