package io.fluxor.pipeline;

/**
 * Thrown when a pipeline's topology or options are wrong: a cycle other than
 * {@code NeedsMoreWork}, a stage with no receiver, an unknown stage or bean. The message names the
 * pipeline, the stage and the path through the topology.
 */
public class InvalidPipelineException extends IllegalArgumentException {

	private final String pipeline;

	/**
	 * Creates the exception.
	 * @param pipeline the pipeline name
	 * @param message what is wrong, naming the stage or path
	 */
	public InvalidPipelineException(String pipeline, String message) {
		super("Pipeline '" + pipeline + "': " + message);
		this.pipeline = pipeline;
	}

	/**
	 * Returns the name of the invalid pipeline.
	 * @return the pipeline name
	 */
	public String pipeline() {
		return this.pipeline;
	}

}
