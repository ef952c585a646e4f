package io.fluxor.autoconfigure.verticle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.fluxor.autoconfigure.FluxorLifecyclePhases;
import io.fluxor.verticle.DeploymentOptions;
import io.fluxor.verticle.VerticleDeployer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * Deploys every {@link Verticle @Verticle} bean when the context starts, after the event loops and
 * before the gateway takes traffic ({@link FluxorLifecyclePhases#VERTICLES}), and undeploys every
 * deployment, stop hooks first, when it stops, before the loops shut down.
 *
 * <p>Startup waits up to {@code fluxor.verticle.start-timeout} for the verticles to run, restarts
 * included, so that the gateway does not answer "no handlers" for a verticle that is still starting.
 * A verticle that used up its restarts does not fail startup: it is reported FAILED and readiness
 * goes DOWN, as it would later in the application's life. A verticle with invalid annotated methods
 * does fail startup.
 */
public class VerticleDeploymentLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(VerticleDeploymentLifecycle.class);

	private final VerticleDeployer deployer;

	private final ConfigurableListableBeanFactory beanFactory;

	private final VerticleProperties properties;

	private final Duration shutdownTimeout;

	private volatile boolean running;

	/**
	 * Creates the lifecycle.
	 * @param deployer the deployer
	 * @param beanFactory where the {@code @Verticle} beans are found
	 * @param properties the supervision settings
	 * @param shutdownTimeout how long stop hooks may take on shutdown
	 */
	public VerticleDeploymentLifecycle(VerticleDeployer deployer, ConfigurableListableBeanFactory beanFactory,
			VerticleProperties properties, Duration shutdownTimeout) {
		this.deployer = deployer;
		this.beanFactory = beanFactory;
		this.properties = properties;
		this.shutdownTimeout = shutdownTimeout;
	}

	@Override
	public void start() {
		List<CompletableFuture<String>> deployments = new ArrayList<>();
		for (String beanName : this.beanFactory.getBeanNamesForAnnotation(Verticle.class)) {
			Verticle verticle = this.beanFactory.findAnnotationOnBean(beanName, Verticle.class);
			DeploymentOptions options;
			try {
				options = this.properties.toOptions()
					.withName(verticle.name().isEmpty() ? beanName : verticle.name())
					.withInstances(verticle.instances())
					.withWorker(verticle.worker());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("@Verticle of bean '" + beanName + "': " + ex.getMessage(), ex);
			}
			deployments.add(this.deployer.deploy(instances(beanName), options));
		}
		this.running = true;
		awaitStarted(deployments);
	}

	/**
	 * Returns the instances of a bean: the bean itself first, then fresh autowired objects of its
	 * class, or the bean factory's answer each time for a prototype.
	 */
	private Supplier<Object> instances(String beanName) {
		if (this.beanFactory.isPrototype(beanName)) {
			return () -> this.beanFactory.getBean(beanName);
		}
		Object bean = this.beanFactory.getBean(beanName);
		Class<?> type = ClassUtils.getUserClass(bean);
		AtomicBoolean first = new AtomicBoolean(true);
		return () -> first.getAndSet(false) ? bean : this.beanFactory.createBean(type);
	}

	private void awaitStarted(List<CompletableFuture<String>> deployments) {
		Duration timeout = this.properties.getStartTimeout();
		try {
			CompletableFuture.allOf(deployments.toArray(new CompletableFuture<?>[0]))
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			// Already logged by the deployer; readiness reports it.
		}
		catch (TimeoutException ex) {
			logger.warn("Verticles still starting after {} (fluxor.verticle.start-timeout); going on without them",
					timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.deployer.undeployAll()
			.orTimeout(this.shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((ignored, failure) -> {
				if (failure != null) {
					logger.warn("Verticles did not all stop within {} (fluxor.shutdown-timeout)", this.shutdownTimeout);
				}
				callback.run();
			});
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return FluxorLifecyclePhases.VERTICLES;
	}

}
