package io.fluxor.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.lang.Nullable;

/**
 * The {@code fluxor} actuator endpoint: event loops, event-bus addresses, verticle deployments,
 * routes and pipelines, each as a section; {@code /actuator/fluxor/{section}} reads one.
 */
@Endpoint(id = "fluxor")
public class FluxorEndpoint {

	private final List<FluxorEndpointSection> sections;

	/**
	 * Creates the endpoint.
	 * @param sections the sections, in display order
	 */
	public FluxorEndpoint(List<FluxorEndpointSection> sections) {
		this.sections = List.copyOf(sections);
	}

	/**
	 * Describes every section.
	 * @return the sections by name
	 */
	@ReadOperation
	public Map<String, Object> fluxor() {
		Map<String, Object> all = new LinkedHashMap<>();
		this.sections.forEach((section) -> all.put(section.name(), section.describe()));
		return all;
	}

	/**
	 * Describes one section.
	 * @param name the section name
	 * @return its description, or {@code null} (404) for an unknown name
	 */
	@ReadOperation
	@Nullable
	public Object section(@Selector String name) {
		return this.sections.stream()
			.filter((section) -> section.name().equals(name))
			.findFirst()
			.map(FluxorEndpointSection::describe)
			.orElse(null);
	}

}
