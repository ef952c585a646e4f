package io.fluxor.autoconfigure.gateway;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link GatewayPortConflictException} naming both properties.
 */
class GatewayPortConflictFailureAnalyzer extends AbstractFailureAnalyzer<GatewayPortConflictException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, GatewayPortConflictException cause) {
		String description = String.format(
				"The Fluxor gateway and Spring Boot's web server would both bind port %d:%n%n"
						+ "    fluxor.gateway.port = %d%n    %s = %d%n",
				cause.getPort(), cause.getPort(), cause.getWebServerProperty(), cause.getPort());
		String action = String.format("Give fluxor.gateway.port and %s different values, e.g. "
				+ "management.server.port=8081 for the actuator.", cause.getWebServerProperty());
		return new FailureAnalysis(description, action, cause);
	}

}
