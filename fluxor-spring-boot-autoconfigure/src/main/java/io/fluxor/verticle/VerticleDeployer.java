package io.fluxor.verticle;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Deploys, supervises and undeploys verticles: plain objects with {@link Consume @Consume},
 * {@link OnStart @OnStart} and {@link OnStop @OnStop} methods.
 *
 * <p>Each instance is pinned to one event loop: its start and stop hooks and its handlers run
 * there, so its state needs no locks. An instance whose start fails, or that
 * {@link VerticleContext#crash crashes}, is restarted alone after a backoff (OTP one-for-one); a
 * deployment that exceeds its restart intensity is marked {@link VerticleState#FAILED} and all its
 * consumers are unregistered.
 */
public interface VerticleDeployer {

	/**
	 * Deploys one instance of a verticle.
	 * @param verticle the verticle
	 * @param options the options; {@code instances} must be 1
	 * @return the deployment id once every instance runs; fails with a
	 * {@link DeploymentFailedException} if the deployment used up its restarts first
	 * @throws IllegalArgumentException if the verticle's annotated methods are invalid, or more
	 * than one instance is asked for
	 */
	CompletableFuture<String> deploy(Object verticle, DeploymentOptions options);

	/**
	 * Deploys {@code options.instances()} instances of a verticle, each obtained from the factory
	 * on the calling thread.
	 * @param factory creates one instance per call
	 * @param options the options
	 * @return the deployment id once every instance runs; fails with a
	 * {@link DeploymentFailedException} if the deployment used up its restarts first
	 * @throws IllegalArgumentException if the verticle's annotated methods are invalid
	 */
	CompletableFuture<String> deploy(Supplier<?> factory, DeploymentOptions options);

	/**
	 * Undeploys a deployment: each instance runs its stop hooks, then its consumers are
	 * unregistered. Pending restarts are cancelled.
	 * @param deploymentId the deployment id
	 * @return completes when every instance has stopped; fails with an
	 * {@link IllegalArgumentException} for an unknown id
	 */
	CompletableFuture<Void> undeploy(String deploymentId);

	/**
	 * Undeploys every deployment.
	 * @return completes when all have stopped
	 */
	CompletableFuture<Void> undeployAll();

	/**
	 * Returns a snapshot of the deployments, in deployment order.
	 * @return the deployments
	 */
	List<VerticleDeployment> deployments();

	/**
	 * Returns the counters of every deployment name seen so far.
	 * @return the statistics
	 */
	Collection<VerticleStatistics> statistics();

	/**
	 * Calls the listener for every deployment name seen so far, then for each new one.
	 * @param listener the listener, for example a metrics binder
	 */
	void onVerticleTracked(Consumer<VerticleStatistics> listener);

}
