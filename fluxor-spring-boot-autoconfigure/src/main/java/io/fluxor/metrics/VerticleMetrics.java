package io.fluxor.metrics;

import io.fluxor.verticle.VerticleDeployer;
import io.fluxor.verticle.VerticleStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the verticles, tagged by {@code verticle} name: {@code fluxor.verticle.restarts}
 * (Prometheus {@code fluxor_verticle_restarts_total}), restarts after a failed start or a crash, and
 * {@code fluxor.verticle.failed} ({@code fluxor_verticle_failed}), 1 while the verticle has used up
 * its restarts. Names are bound as they are first deployed and kept after undeployment, so the
 * counter stays monotonic.
 */
public class VerticleMetrics implements MeterBinder {

	private final VerticleDeployer deployer;

	/**
	 * Creates the binder.
	 * @param deployer the deployer whose verticles are measured
	 */
	public VerticleMetrics(VerticleDeployer deployer) {
		this.deployer = deployer;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.deployer.onVerticleTracked((statistics) -> bind(registry, statistics));
	}

	private static void bind(MeterRegistry registry, VerticleStatistics statistics) {
		FunctionCounter.builder("fluxor.verticle.restarts", statistics, VerticleStatistics::restarts)
			.tag("verticle", statistics.name())
			.description("Restarts of verticle instances after a failed start or a crash")
			.register(registry);
		Gauge.builder("fluxor.verticle.failed", statistics, VerticleStatistics::failed)
			.tag("verticle", statistics.name())
			.description("Deployments of the verticle that used up their restarts and stay down")
			.strongReference(true)
			.register(registry);
	}

}
