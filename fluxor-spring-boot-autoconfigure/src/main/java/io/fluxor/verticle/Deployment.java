package io.fluxor.verticle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment: its instances and its supervision (OTP one-for-one). A failed instance is
 * restarted alone after an exponential backoff, as long as the deployment has had fewer than
 * {@code maxRestarts} restarts within the sliding {@code restartWindow}; beyond that the whole
 * deployment is marked {@link VerticleState#FAILED} and every instance's consumers are unregistered.
 *
 * <p>Instances report to it from their own loops, so its bookkeeping is guarded by its monitor; it
 * is touched on starts, failures and snapshots only, never per message.
 */
final class Deployment {

	private static final Logger logger = LoggerFactory.getLogger(Deployment.class);

	private final DefaultVerticleDeployer deployer;

	private final String id;

	private final String name;

	private final DeploymentOptions options;

	private final VerticleStatistics statistics;

	private final CompletableFuture<String> deployed = new CompletableFuture<>();

	private List<VerticleInstance> instances = List.of();

	private final VerticleState[] instanceStates;

	private final ArrayDeque<Long> restartTimes = new ArrayDeque<>();

	private long restarts;

	private boolean failed;

	private CompletableFuture<Void> undeployed;

	private String lastFailure;

	Deployment(DefaultVerticleDeployer deployer, String id, String name, DeploymentOptions options,
			VerticleStatistics statistics) {
		this.deployer = deployer;
		this.id = id;
		this.name = name;
		this.options = options;
		this.statistics = statistics;
		this.instanceStates = new VerticleState[options.instances()];
		Arrays.fill(this.instanceStates, VerticleState.STARTING);
	}

	void setInstances(List<VerticleInstance> instances) {
		this.instances = List.copyOf(instances);
	}

	String id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	DeploymentOptions options() {
		return this.options;
	}

	EventBus eventBus() {
		return this.deployer.eventBus();
	}

	ScheduledExecutorService timer() {
		return this.deployer.timer();
	}

	<T> CompletableFuture<T> executeBlocking(Callable<T> work) {
		EventLoopGroup group = this.deployer.group();
		return group.executeBlocking(work);
	}

	CompletableFuture<String> deployed() {
		return this.deployed;
	}

	List<VerticleInstance> instances() {
		return this.instances;
	}

	synchronized void instanceStarting(int index) {
		if (this.instanceStates[index] != VerticleState.RESTARTING) {
			this.instanceStates[index] = VerticleState.STARTING;
		}
	}

	void instanceRunning(int index) {
		boolean allRunning;
		synchronized (this) {
			this.instanceStates[index] = VerticleState.RUNNING;
			allRunning = !this.failed && this.undeployed == null
					&& Arrays.stream(this.instanceStates).allMatch((state) -> state == VerticleState.RUNNING);
		}
		if (allRunning) {
			this.deployed.complete(this.id);
		}
	}

	/**
	 * Decides what happens to an instance that failed to start or crashed.
	 * @return the backoff before its restart, or {@code null} when it must not be restarted: the
	 * deployment gave up (now or before) or is being undeployed
	 */
	Duration instanceFailed(VerticleInstance instance, Throwable cause) {
		int index = instance.instanceIndex();
		Duration backoff = null;
		int inWindow;
		synchronized (this) {
			this.lastFailure = String.valueOf(cause);
			if (this.failed || this.undeployed != null) {
				return null;
			}
			long now = System.nanoTime();
			long windowStart = now - this.options.restartWindow().toNanos();
			while (!this.restartTimes.isEmpty() && this.restartTimes.peekFirst() - windowStart < 0) {
				this.restartTimes.pollFirst();
			}
			inWindow = this.restartTimes.size();
			if (inWindow >= this.options.maxRestarts()) {
				this.failed = true;
				this.instanceStates[index] = VerticleState.FAILED;
				this.statistics.recordFailed();
			}
			else {
				this.restartTimes.addLast(now);
				this.restarts++;
				this.instanceStates[index] = VerticleState.RESTARTING;
				backoff = this.options.backoff(inWindow + 1);
			}
		}
		if (backoff != null) {
			this.statistics.recordRestart();
			logger.warn("Verticle '{}' instance {} failed; restart {} of {} within {} in {} ms", this.name, index,
					inWindow + 1, this.options.maxRestarts(), this.options.restartWindow(), backoff.toMillis(), cause);
			return backoff;
		}
		giveUp(instance, cause, inWindow);
		return null;
	}

	private void giveUp(VerticleInstance failedInstance, Throwable cause, int restartsInWindow) {
		String message = "Verticle '" + this.name + "' failed after " + restartsInWindow + " restarts within "
				+ this.options.restartWindow() + " (max-restarts " + this.options.maxRestarts()
				+ "); its consumers are unregistered and it will not be restarted";
		logger.error(message, cause);
		for (VerticleInstance instance : this.instances) {
			if (instance != failedInstance) {
				instance.stop(true);
			}
		}
		this.deployed.completeExceptionally(new DeploymentFailedException(this.id, this.name, message, cause));
	}

	/**
	 * Undeploys every instance; calling it again returns the same future.
	 */
	CompletableFuture<Void> undeploy() {
		boolean wasFailed;
		synchronized (this) {
			if (this.undeployed != null) {
				return this.undeployed;
			}
			wasFailed = this.failed;
			this.undeployed = new CompletableFuture<>();
		}
		List<CompletableFuture<Void>> stops = new ArrayList<>();
		for (VerticleInstance instance : this.instances) {
			stops.add(instance.stop(false));
		}
		CompletableFuture<Void> result = this.undeployed;
		CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).whenComplete((ignored, ex) -> {
			if (wasFailed) {
				this.statistics.recordFailedUndeployed();
			}
			this.deployer.removed(this);
			this.deployed.completeExceptionally(new DeploymentFailedException(this.id, this.name,
					"Verticle '" + this.name + "' was undeployed before all its instances started", null));
			result.complete(null);
		});
		return result;
	}

	synchronized VerticleState state() {
		if (this.undeployed != null) {
			return VerticleState.STOPPED;
		}
		if (this.failed) {
			return VerticleState.FAILED;
		}
		boolean allRunning = true;
		for (VerticleState state : this.instanceStates) {
			if (state == VerticleState.RESTARTING) {
				return VerticleState.RESTARTING;
			}
			allRunning &= state == VerticleState.RUNNING;
		}
		return allRunning ? VerticleState.RUNNING : VerticleState.STARTING;
	}

	VerticleDeployment snapshot() {
		List<String> loops = this.instances.stream().map((instance) -> instance.loop().name()).toList();
		VerticleState state = state();
		synchronized (this) {
			return new VerticleDeployment(this.id, this.name, this.options.instances(), loops, this.options.worker(),
					state, this.restarts, this.lastFailure);
		}
	}

	@Override
	public String toString() {
		return "deployment '" + this.name + "' (" + this.id + ")";
	}

}
