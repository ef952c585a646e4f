package io.fluxor.verticle;

import java.time.Duration;
import java.util.Objects;

/**
 * How a verticle is deployed and supervised: its name, how many instances, whether its handlers
 * block, and its restart intensity (OTP's one-for-one supervision: at most {@code maxRestarts}
 * restarts within {@code restartWindow}, each after an exponential backoff from
 * {@code restartBackoffInitial} up to {@code restartBackoffMax}).
 *
 * @param name the name in deployments, logs and metrics; {@code null} for the simple name of the
 * verticle's class
 * @param instances how many instances, each pinned to its own loop (round-robin over the group)
 * @param worker whether {@link Consume @Consume} methods run on the worker pool, one message at a
 * time per instance, instead of on the loop
 * @param maxRestarts how many restarts are allowed within the window before the deployment is
 * marked {@link VerticleState#FAILED}
 * @param restartWindow the sliding window in which restarts are counted
 * @param restartBackoffInitial the delay before the first restart in the window
 * @param restartBackoffMax the longest delay between restarts; each delay doubles the previous one
 */
public record DeploymentOptions(String name, int instances, boolean worker, int maxRestarts, Duration restartWindow,
		Duration restartBackoffInitial, Duration restartBackoffMax) {

	/** Default number of instances. */
	public static final int DEFAULT_INSTANCES = 1;

	/** Default worker mode: handlers run on the event loop. */
	public static final boolean DEFAULT_WORKER = false;

	/** Default number of restarts allowed within the window. */
	public static final int DEFAULT_MAX_RESTARTS = 3;

	/** Default window in which restarts are counted. */
	public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofSeconds(60);

	/** Default delay before the first restart. */
	public static final Duration DEFAULT_RESTART_BACKOFF_INITIAL = Duration.ofMillis(100);

	/** Default longest delay between restarts. */
	public static final Duration DEFAULT_RESTART_BACKOFF_MAX = Duration.ofSeconds(10);

	/** The options with every default. */
	public static final DeploymentOptions DEFAULT = new DeploymentOptions(null, DEFAULT_INSTANCES, DEFAULT_WORKER,
			DEFAULT_MAX_RESTARTS, DEFAULT_RESTART_WINDOW, DEFAULT_RESTART_BACKOFF_INITIAL, DEFAULT_RESTART_BACKOFF_MAX);

	public DeploymentOptions {
		Objects.requireNonNull(restartWindow, "restartWindow");
		Objects.requireNonNull(restartBackoffInitial, "restartBackoffInitial");
		Objects.requireNonNull(restartBackoffMax, "restartBackoffMax");
		if (instances < 1) {
			throw new IllegalArgumentException("instances must be at least 1 but was " + instances);
		}
		if (maxRestarts < 0) {
			throw new IllegalArgumentException("maxRestarts must not be negative but was " + maxRestarts);
		}
		requirePositive("restartWindow", restartWindow);
		requirePositive("restartBackoffInitial", restartBackoffInitial);
		requirePositive("restartBackoffMax", restartBackoffMax);
		if (restartBackoffMax.compareTo(restartBackoffInitial) < 0) {
			throw new IllegalArgumentException("restartBackoffMax must be at least restartBackoffInitial ("
					+ restartBackoffInitial + ") but was " + restartBackoffMax);
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
	}

	/**
	 * Returns a copy with another name.
	 * @param name the name, or {@code null} for the class's simple name
	 * @return the new options
	 */
	public DeploymentOptions withName(String name) {
		return new DeploymentOptions(name, this.instances, this.worker, this.maxRestarts, this.restartWindow,
				this.restartBackoffInitial, this.restartBackoffMax);
	}

	/**
	 * Returns a copy with another number of instances.
	 * @param instances the number of instances, at least 1
	 * @return the new options
	 */
	public DeploymentOptions withInstances(int instances) {
		return new DeploymentOptions(this.name, instances, this.worker, this.maxRestarts, this.restartWindow,
				this.restartBackoffInitial, this.restartBackoffMax);
	}

	/**
	 * Returns a copy with another worker mode.
	 * @param worker whether handlers run on the worker pool
	 * @return the new options
	 */
	public DeploymentOptions withWorker(boolean worker) {
		return new DeploymentOptions(this.name, this.instances, worker, this.maxRestarts, this.restartWindow,
				this.restartBackoffInitial, this.restartBackoffMax);
	}

	/**
	 * Returns a copy with another restart intensity.
	 * @param maxRestarts restarts allowed within the window
	 * @param restartWindow the window
	 * @return the new options
	 */
	public DeploymentOptions withRestarts(int maxRestarts, Duration restartWindow) {
		return new DeploymentOptions(this.name, this.instances, this.worker, maxRestarts, restartWindow,
				this.restartBackoffInitial, this.restartBackoffMax);
	}

	/**
	 * Returns a copy with another restart backoff.
	 * @param initial the delay before the first restart
	 * @param max the longest delay
	 * @return the new options
	 */
	public DeploymentOptions withRestartBackoff(Duration initial, Duration max) {
		return new DeploymentOptions(this.name, this.instances, this.worker, this.maxRestarts, this.restartWindow,
				initial, max);
	}

	/**
	 * Returns the delay before a restart.
	 * @param restartInWindow the restart's rank in the window, from 1
	 * @return the initial backoff doubled for each earlier restart in the window, at most the max
	 */
	public Duration backoff(int restartInWindow) {
		long initial = this.restartBackoffInitial.toNanos();
		long max = this.restartBackoffMax.toNanos();
		int doublings = Math.min(Math.max(restartInWindow - 1, 0), 62);
		long delay = (initial > (max >> doublings)) ? max : initial << doublings;
		return Duration.ofNanos(Math.min(delay, max));
	}

}
