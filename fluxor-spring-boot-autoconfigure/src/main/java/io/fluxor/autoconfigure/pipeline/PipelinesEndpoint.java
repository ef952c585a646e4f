package io.fluxor.autoconfigure.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.fluxor.pipeline.Pipeline;
import io.fluxor.pipeline.PipelineRegistry;
import io.fluxor.pipeline.PipelineSnapshot;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * The {@code fluxorpipelines} actuator endpoint: lists the pipelines of the
 * {@link PipelineRegistry} with their stages' states and counts, reads one at
 * {@code /actuator/fluxorpipelines/{name}}, and starts or stops one on demand with
 * {@code POST /actuator/fluxorpipelines/{name}} and the body {@code {"action": "start"}} or
 * {@code {"action": "stop"}}. A stop drains the pipeline within its configured
 * {@code fluxor.pipelines.NAME.drain-timeout}.
 *
 * <p>An endpoint of its own rather than operations on the {@code fluxor} endpoint: Spring Boot
 * allows one web extension per endpoint, and the {@code fluxor} endpoint's is the gateway's route
 * operations ({@code GatewayRoutesEndpointExtension}), whose {@code {section}/{id}} selectors a
 * pipeline operation would have to share. A separate endpoint also keeps its own exposure and
 * access switches ({@code management.endpoint.fluxorpipelines.access=read-only} turns starting and
 * stopping off while the listing stays), and works over JMX as well as HTTP. The {@code pipelines}
 * section of the {@code fluxor} endpoint lists the same snapshots, read-only.
 */
@Endpoint(id = "fluxorpipelines")
public class PipelinesEndpoint {

	private final PipelineRegistry registry;

	private final Function<String, Duration> drainTimeouts;

	/**
	 * Creates the endpoint.
	 * @param registry the pipelines
	 * @param drainTimeouts how long each pipeline, by name, may drain when stopped
	 */
	public PipelinesEndpoint(PipelineRegistry registry, Function<String, Duration> drainTimeouts) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.drainTimeouts = Objects.requireNonNull(drainTimeouts, "drainTimeouts");
	}

	/**
	 * Lists every pipeline.
	 * @return the snapshots, in registration order
	 */
	@ReadOperation
	public List<PipelineSnapshot> pipelines() {
		return this.registry.snapshots();
	}

	/**
	 * Describes one pipeline.
	 * @param name the pipeline name
	 * @return its snapshot, or {@code null} (404) for an unknown name
	 */
	@ReadOperation
	@Nullable
	public PipelineSnapshot pipeline(@Selector String name) {
		Pipeline pipeline = this.registry.find(name);
		return (pipeline != null) ? pipeline.snapshot() : null;
	}

	/**
	 * Starts or stops one pipeline; starting a running pipeline or stopping a stopped one changes
	 * nothing.
	 * @param name the pipeline name
	 * @param action {@code start} or {@code stop}
	 * @return its snapshot afterwards, or {@code null} for an unknown name (a 404 over HTTP through
	 * {@link PipelinesEndpointWebExtension}, as Spring Boot answers a {@code null} write with 204)
	 * @throws InvalidEndpointRequestException (400) for another action
	 */
	@WriteOperation
	@Nullable
	public PipelineSnapshot changeState(@Selector String name, String action) {
		PipelineAction parsed = PipelineAction.parse(action);
		if (this.registry.find(name) == null) {
			return null;
		}
		return switch (parsed) {
			case START -> this.registry.start(name);
			case STOP -> this.registry.stop(name, this.drainTimeouts.apply(name));
		};
	}

	private enum PipelineAction {

		START, STOP;

		static PipelineAction parse(String action) {
			if ("start".equals(action)) {
				return START;
			}
			if ("stop".equals(action)) {
				return STOP;
			}
			String reason = "Unknown action '" + action + "': must be start or stop";
			throw new InvalidEndpointRequestException(reason, reason);
		}

	}

}
