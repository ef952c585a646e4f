package io.fluxor.autoconfigure.actuate;

import java.util.function.Supplier;

/**
 * One section of the {@code fluxor} actuator endpoint, such as {@code loops} or {@code routes}.
 * Each capability contributes its own as a bean, so the endpoint knows none of them.
 */
public interface FluxorEndpointSection {

	/**
	 * Returns the section's name, its key in the endpoint's output and its selector.
	 * @return the name
	 */
	String name();

	/**
	 * Describes the live state; called on every read, so it must be cheap and thread-safe.
	 * @return a JSON-serializable description
	 */
	Object describe();

	/**
	 * Returns a section that describes itself with a supplier.
	 * @param name the section's name
	 * @param describer gives the live state on every read; cheap and thread-safe
	 * @return the section
	 */
	static FluxorEndpointSection of(String name, Supplier<?> describer) {
		return new FluxorEndpointSection() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public Object describe() {
				return describer.get();
			}

		};
	}

}
