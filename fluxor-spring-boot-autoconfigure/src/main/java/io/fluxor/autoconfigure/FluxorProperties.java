package io.fluxor.autoconfigure;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Top-level Fluxor settings shared by every capability.
 */
@ConfigurationProperties(FluxorProperties.PREFIX)
@Validated
public class FluxorProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "fluxor";

	/**
	 * Time to drain in-flight work on shutdown: requests, event-loop rings and verticle stops.
	 * Work still pending after it is failed, not dropped. At most
	 * spring.lifecycle.timeout-per-shutdown-phase, which bounds each shutdown phase.
	 * At most 106751d (about 292 years).
	 */
	@DurationMax(days = NanosecondDurations.MAX_DAYS)
	@NotNull
	@DurationMin(nanos = 0)
	private Duration shutdownTimeout = Duration.ofSeconds(30);

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

}
