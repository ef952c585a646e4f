package io.fluxor.verticle;

import java.util.List;

/**
 * A snapshot of one deployment, for the actuator endpoint, health and logs.
 *
 * @param id the deployment id
 * @param name the deployment's name
 * @param instances how many instances it has
 * @param loops the name of the loop each instance is pinned to, by instance index
 * @param worker whether its handlers run on the worker pool
 * @param state where it stands
 * @param restarts how many restarts it has had since it was deployed
 * @param lastFailure the description of the last start failure or crash, or {@code null}
 */
public record VerticleDeployment(String id, String name, int instances, List<String> loops, boolean worker,
		VerticleState state, long restarts, String lastFailure) {

}
