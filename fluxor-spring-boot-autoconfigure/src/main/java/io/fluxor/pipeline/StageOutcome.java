package io.fluxor.pipeline;

import java.util.Locale;

/**
 * What became of an item at a stage: the {@code outcome} label of
 * {@code fluxor_pipeline_items_total}. Every item leaves every stage it entered with exactly one
 * outcome, so nothing disappears uncounted.
 */
public enum StageOutcome {

	/** Handled and passed on (or loaded, for a loader; emitted, for an extractor). */
	PROCESSED,

	/** Rejected by a filter. */
	FILTERED,

	/** Fed back into the same transformer ({@code NeedsMoreWork}). */
	FEEDBACK,

	/** Failed; handed to the stage's error action. */
	ERROR,

	/** Dropped because the stage was clogged and its policy is to shed. */
	SHED,

	/** Lost because the stage was restarted or the pipeline stopped before it was handled. */
	ABANDONED;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * Returns the metric label value.
	 * @return the lower-case name
	 */
	public String tag() {
		return this.tag;
	}

}
