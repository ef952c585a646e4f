package io.fluxor.autoconfigure.actuate;

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

}
