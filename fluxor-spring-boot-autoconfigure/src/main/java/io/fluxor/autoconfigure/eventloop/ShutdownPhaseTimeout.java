package io.fluxor.autoconfigure.eventloop;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/**
 * Checks that {@code fluxor.shutdown-timeout} fits in Spring's
 * {@code spring.lifecycle.timeout-per-shutdown-phase}. Spring stops waiting for a shutdown phase
 * after that timeout and goes on with the next one, so a longer Fluxor drain would be cut short:
 * verticles still running their stop hooks would see the event loops shut down under them.
 */
final class ShutdownPhaseTimeout {

	static final String FLUXOR_PROPERTY = "fluxor.shutdown-timeout";

	static final String SPRING_PROPERTY = "spring.lifecycle.timeout-per-shutdown-phase";

	/** Spring Boot's default for {@value #SPRING_PROPERTY}. */
	private static final Duration SPRING_DEFAULT = Duration.ofSeconds(30);

	private ShutdownPhaseTimeout() {
	}

	/**
	 * Fails when the shutdown timeout is longer than a shutdown phase may take.
	 * @param shutdownTimeout the value of {@value #FLUXOR_PROPERTY}
	 * @param environment where {@value #SPRING_PROPERTY} is read
	 * @throws InvalidConfigurationPropertyValueException naming both properties
	 */
	static void check(Duration shutdownTimeout, Environment environment) {
		Duration phaseTimeout = Binder.get(environment).bind(SPRING_PROPERTY, Duration.class).orElse(SPRING_DEFAULT);
		if (shutdownTimeout.compareTo(phaseTimeout) > 0) {
			String value = format(shutdownTimeout);
			throw new InvalidConfigurationPropertyValueException(FLUXOR_PROPERTY, value,
					"it must not be longer than " + SPRING_PROPERTY + " (" + format(phaseTimeout) + "), after which "
							+ "Spring stops waiting for a shutdown phase and Fluxor's drain would be cut short; raise "
							+ SPRING_PROPERTY + " to at least " + value + " or lower " + FLUXOR_PROPERTY);
		}
	}

	/** Writes a duration as these properties are usually written: 45s, or 1500ms. */
	private static String format(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

}
