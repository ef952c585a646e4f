package io.fluxor.verticle;

/**
 * The failure of a deployment that used up its restarts: the future returned by
 * {@link VerticleDeployer#deploy} fails with it, and its cause is the last start failure or crash.
 */
public class DeploymentFailedException extends RuntimeException {

	private final String deploymentId;

	private final String name;

	/**
	 * Creates the failure.
	 * @param deploymentId the deployment id
	 * @param name the deployment's name
	 * @param message the description
	 * @param cause the last failure
	 */
	public DeploymentFailedException(String deploymentId, String name, String message, Throwable cause) {
		super(message, cause);
		this.deploymentId = deploymentId;
		this.name = name;
	}

	/**
	 * Returns the id of the failed deployment.
	 * @return the id
	 */
	public String deploymentId() {
		return this.deploymentId;
	}

	/**
	 * Returns the name of the failed deployment.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

}
