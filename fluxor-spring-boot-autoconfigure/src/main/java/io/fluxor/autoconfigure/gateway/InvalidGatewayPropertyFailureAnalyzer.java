package io.fluxor.autoconfigure.gateway;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidGatewayPropertyException} as the property, the rule and what to change.
 */
class InvalidGatewayPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidGatewayPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidGatewayPropertyException cause) {
		String description = String.format("Invalid Fluxor gateway configuration:%n%n    Property: %s%n    Reason: %s%n",
				cause.getProperty(), cause.getReason());
		String action = String.format("Update '%s' in your configuration: %s.", cause.getProperty(),
				cause.getReason());
		return new FailureAnalysis(description, action, cause);
	}

}
