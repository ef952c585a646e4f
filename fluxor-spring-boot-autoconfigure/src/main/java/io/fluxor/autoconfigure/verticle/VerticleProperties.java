package io.fluxor.autoconfigure.verticle;

import java.time.Duration;

import io.fluxor.autoconfigure.NanosecondDurations;
import io.fluxor.verticle.DeploymentOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * Supervision settings of the verticles deployed with the context (OTP one-for-one: an instance
 * whose start fails or that crashes is restarted alone). Durations must be positive and at most
 * 106751d, and the backoff maximum at least its initial value; these rules are checked here, naming
 * the property. Defaults are spelled out so that the configuration metadata shows them; a test keeps
 * them equal to {@link DeploymentOptions#DEFAULT}.
 */
@ConfigurationProperties(VerticleProperties.PREFIX)
@Validated
public class VerticleProperties implements Validator {

	/** The prefix of these properties. */
	public static final String PREFIX = "fluxor.verticle";

	/**
	 * Restarts a verticle may have within the restart window before it is marked failed, its
	 * consumers unregistered and readiness reported down.
	 */
	@Min(0)
	private int maxRestarts = 3;

	/**
	 * Sliding window in which restarts are counted against max-restarts.
	 * At most 106751d (about 292 years).
	 */
	@NotNull
	private Duration restartWindow = Duration.ofSeconds(60);

	/**
	 * Time context startup waits for the verticles to run, restarts included, before it goes on
	 * (so before the gateway takes traffic); verticles still starting go on in the background.
	 * At most 106751d (about 292 years).
	 */
	@NotNull
	private Duration startTimeout = Duration.ofSeconds(30);

	/**
	 * Exponential backoff between restarts.
	 */
	@Valid
	@NotNull
	private final RestartBackoff restartBackoff = new RestartBackoff();

	/**
	 * Builds the runtime deployment options these properties describe, for one instance.
	 * @return the options
	 */
	public DeploymentOptions toOptions() {
		return new DeploymentOptions(null, DeploymentOptions.DEFAULT_INSTANCES, DeploymentOptions.DEFAULT_WORKER,
				this.maxRestarts, this.restartWindow, this.restartBackoff.getInitial(), this.restartBackoff.getMax());
	}

	@Override
	public boolean supports(Class<?> type) {
		return VerticleProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		VerticleProperties properties = (VerticleProperties) target;
		requirePositive(errors, "restartWindow", "restart-window", properties.restartWindow);
		requirePositive(errors, "startTimeout", "start-timeout", properties.startTimeout);
		Duration initial = properties.restartBackoff.getInitial();
		Duration max = properties.restartBackoff.getMax();
		requirePositive(errors, "restartBackoff.initial", "restart-backoff.initial", initial);
		requirePositive(errors, "restartBackoff.max", "restart-backoff.max", max);
		if (initial != null && max != null && max.compareTo(initial) < 0) {
			errors.rejectValue("restartBackoff.max", "fluxor.verticle.backoff", PREFIX + ".restart-backoff.max must be "
					+ "at least " + PREFIX + ".restart-backoff.initial (" + initial + ") but was " + max);
		}
	}

	private static void requirePositive(Errors errors, String field, String property, Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			errors.rejectValue(field, "fluxor.verticle.positive",
					PREFIX + "." + property + " must be positive but was " + value);
		}
		else if (value != null && NanosecondDurations.isTooLong(value)) {
			errors.rejectValue(field, "fluxor.verticle.max",
					PREFIX + "." + property + " " + NanosecondDurations.tooLong(value));
		}
	}

	public int getMaxRestarts() {
		return this.maxRestarts;
	}

	public void setMaxRestarts(int maxRestarts) {
		this.maxRestarts = maxRestarts;
	}

	public Duration getRestartWindow() {
		return this.restartWindow;
	}

	public void setRestartWindow(Duration restartWindow) {
		this.restartWindow = restartWindow;
	}

	public Duration getStartTimeout() {
		return this.startTimeout;
	}

	public void setStartTimeout(Duration startTimeout) {
		this.startTimeout = startTimeout;
	}

	public RestartBackoff getRestartBackoff() {
		return this.restartBackoff;
	}

	/**
	 * Exponential backoff between restarts: each delay doubles the previous one within the window.
	 */
	public static class RestartBackoff {

		/**
		 * Delay before the first restart in the window.
		 * At most 106751d (about 292 years).
		 */
			@NotNull
		private Duration initial = Duration.ofMillis(100);

		/**
		 * Longest delay between restarts.
		 * At most 106751d (about 292 years).
		 */
			@NotNull
		private Duration max = Duration.ofSeconds(10);

		public Duration getInitial() {
			return this.initial;
		}

		public void setInitial(Duration initial) {
			this.initial = initial;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

	}

}
