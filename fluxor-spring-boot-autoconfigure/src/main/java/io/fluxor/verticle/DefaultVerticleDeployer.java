package io.fluxor.verticle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.fluxor.eventbus.EventBus;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.LoopRejectedException;
import io.fluxor.support.TrackedRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link VerticleDeployer}: instances are spread over the group's loops round-robin, and
 * restarts and {@link VerticleContext#delay delays} are scheduled on one daemon timer thread that
 * only hands work back to the loops, so that no loop ever waits.
 */
public final class DefaultVerticleDeployer implements VerticleDeployer, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DefaultVerticleDeployer.class);

	private final EventLoopGroup group;

	private final EventBus eventBus;

	private final ScheduledThreadPoolExecutor timer;

	private final Map<String, Deployment> deployments = Collections.synchronizedMap(new LinkedHashMap<>());

	private final TrackedRegistry<VerticleStatistics> statistics = new TrackedRegistry<>(VerticleStatistics::new);

	/**
	 * Creates a deployer.
	 * @param group the loops the instances are pinned to
	 * @param eventBus the bus their consumers are registered on
	 */
	public DefaultVerticleDeployer(EventLoopGroup group, EventBus eventBus) {
		this.group = Objects.requireNonNull(group, "group");
		this.eventBus = Objects.requireNonNull(eventBus, "eventBus");
		this.timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "fluxor-verticle-timer");
			thread.setDaemon(true);
			return thread;
		});
		this.timer.setRemoveOnCancelPolicy(true);
	}

	@Override
	public CompletableFuture<String> deploy(Object verticle, DeploymentOptions options) {
		Objects.requireNonNull(verticle, "verticle");
		if (options.instances() != 1) {
			throw new IllegalArgumentException("instances must be 1 to deploy an object but was "
					+ options.instances() + "; deploy a factory to get several instances");
		}
		return deploy(() -> verticle, options);
	}

	@Override
	public CompletableFuture<String> deploy(Supplier<?> factory, DeploymentOptions options) {
		List<Object> targets = new ArrayList<>(options.instances());
		for (int i = 0; i < options.instances(); i++) {
			Object target = factory.get();
			if (target == null) {
				throw new IllegalArgumentException("The verticle factory returned null for instance " + i);
			}
			VerticleDefinition.of(target.getClass());
			targets.add(target);
		}
		String name = (options.name() != null) ? options.name() : VerticleDefinition.simpleName(targets.get(0).getClass());
		Deployment deployment = new Deployment(this, UUID.randomUUID().toString(), name, options, this.statistics.track(name));
		List<VerticleInstance> instances = new ArrayList<>(targets.size());
		for (int i = 0; i < targets.size(); i++) {
			instances.add(new VerticleInstance(deployment, i, this.group.next(), targets.get(i)));
		}
		deployment.setInstances(instances);
		this.deployments.put(deployment.id(), deployment);
		logger.debug("Deploying verticle '{}' ({} instances) as {}", name, instances.size(), deployment.id());
		for (VerticleInstance instance : instances) {
			try {
				instance.loop().execute(instance::start);
			}
			catch (LoopRejectedException ex) {
				deployment.undeploy();
				return CompletableFuture.failedFuture(new DeploymentFailedException(deployment.id(), name,
						"Verticle '" + name + "' could not be started: " + ex.getMessage(), ex));
			}
		}
		return deployment.deployed().copy();
	}

	@Override
	public CompletableFuture<Void> undeploy(String deploymentId) {
		Deployment deployment = this.deployments.get(deploymentId);
		if (deployment == null) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("Unknown deployment id '"
					+ deploymentId + "'"));
		}
		return deployment.undeploy();
	}

	/**
	 * Undeploys every deployment, the most recent first.
	 */
	@Override
	public CompletableFuture<Void> undeployAll() {
		List<Deployment> all;
		synchronized (this.deployments) {
			all = new ArrayList<>(this.deployments.values());
		}
		Collections.reverse(all);
		return CompletableFuture.allOf(all.stream().map(Deployment::undeploy).toArray(CompletableFuture<?>[]::new));
	}

	@Override
	public List<VerticleDeployment> deployments() {
		List<Deployment> all;
		synchronized (this.deployments) {
			all = new ArrayList<>(this.deployments.values());
		}
		return all.stream().map(Deployment::snapshot).toList();
	}

	@Override
	public Collection<VerticleStatistics> statistics() {
		return this.statistics.values();
	}

	@Override
	public void onVerticleTracked(Consumer<VerticleStatistics> listener) {
		this.statistics.onTracked(listener);
	}

	/**
	 * Undeploys everything, waiting at most the timeout, then stops the timer thread.
	 * @param timeout how long to wait for the stop hooks
	 * @return whether every deployment stopped in time
	 */
	public boolean shutdown(Duration timeout) {
		boolean stopped = true;
		try {
			undeployAll().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			logger.warn("Verticles did not stop within {}", timeout);
			stopped = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stopped = false;
		}
		catch (Exception ex) {
			logger.warn("Verticles failed to stop", ex);
			stopped = false;
		}
		this.timer.shutdownNow();
		return stopped;
	}

	/**
	 * Shuts down with a five second timeout.
	 */
	@Override
	public void close() {
		shutdown(Duration.ofSeconds(5));
	}

	void removed(Deployment deployment) {
		this.deployments.remove(deployment.id());
	}

	EventLoopGroup group() {
		return this.group;
	}

	EventBus eventBus() {
		return this.eventBus;
	}

	ScheduledExecutorService timer() {
		return this.timer;
	}

}
