package io.fluxor.pipeline;

/**
 * Why a pipeline whose clog policy is {@link ClogPolicy#STOP} failed: the named stage stopped
 * consuming while items waited in its input.
 */
public class PipelineCloggedException extends RuntimeException {

	private final String stage;

	/**
	 * Creates the exception.
	 * @param pipeline the pipeline name
	 * @param stage the clogged stage
	 * @param waiting how many items waited for it
	 */
	public PipelineCloggedException(String pipeline, String stage, int waiting) {
		super("Pipeline '" + pipeline + "': stage '" + stage + "' is clogged with " + waiting + " items waiting");
		this.stage = stage;
	}

	/**
	 * Returns the clogged stage.
	 * @return the stage name
	 */
	public String stage() {
		return this.stage;
	}

}
