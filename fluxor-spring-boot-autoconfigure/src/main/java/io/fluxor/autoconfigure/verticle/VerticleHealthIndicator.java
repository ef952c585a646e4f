package io.fluxor.autoconfigure.verticle;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fluxor.verticle.VerticleDeployer;
import io.fluxor.verticle.VerticleDeployment;
import io.fluxor.verticle.VerticleState;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the verticles, for the readiness group: DOWN while any deployment is
 * {@link VerticleState#FAILED} (it used up its restarts, so part of the application cannot answer),
 * UP otherwise, restarts in progress included. Each deployment's state, instances and restarts are
 * details.
 */
public class VerticleHealthIndicator extends AbstractHealthIndicator {

	private final VerticleDeployer deployer;

	/**
	 * Creates the indicator.
	 * @param deployer the deployer
	 */
	public VerticleHealthIndicator(VerticleDeployer deployer) {
		super("Verticle health check failed");
		this.deployer = deployer;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean failed = false;
		for (VerticleDeployment deployment : this.deployer.deployments()) {
			failed |= deployment.state() == VerticleState.FAILED;
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", deployment.state());
			details.put("instances", deployment.instances());
			details.put("restarts", deployment.restarts());
			if (deployment.lastFailure() != null) {
				details.put("lastFailure", deployment.lastFailure());
			}
			builder.withDetail(deployment.name(), details);
		}
		if (failed) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
