package io.fluxor.autoconfigure.pipeline;

import java.util.Map;
import java.util.Objects;

import io.fluxor.pipeline.PipelineSnapshot;

import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP side of starting and stopping a pipeline on the {@link PipelinesEndpoint}: Spring Boot
 * answers a write operation that returns {@code null} with 204 No Content, so the endpoint's own
 * {@link PipelinesEndpoint#changeState(String, String)} would answer an unknown pipeline with a 204.
 * This extension answers it with 404, as a read of an unknown pipeline is; a known pipeline gets
 * its snapshot (200) and another action a 400, as from the endpoint.
 */
@EndpointWebExtension(endpoint = PipelinesEndpoint.class)
public class PipelinesEndpointWebExtension {

	private final PipelinesEndpoint endpoint;

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint it answers for over HTTP
	 */
	public PipelinesEndpointWebExtension(PipelinesEndpoint endpoint) {
		this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
	}

	/**
	 * Starts or stops one pipeline.
	 * @param name the pipeline name
	 * @param action {@code start} or {@code stop}
	 * @return 200 with its snapshot afterwards, or 404 for an unknown name
	 */
	@WriteOperation
	public WebEndpointResponse<Object> changeState(@Selector String name, String action) {
		PipelineSnapshot snapshot = this.endpoint.changeState(name, action);
		if (snapshot == null) {
			return new WebEndpointResponse<>(Map.of("error", "no pipeline '" + name + "'"),
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(snapshot);
	}

}
