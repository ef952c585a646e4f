package io.fluxor.pipeline;

/**
 * What a stage does with an item that failed (a thrown exception, a {@code TransformerResult.Error},
 * an unroutable key). Whatever the action, the item is counted with outcome
 * {@link StageOutcome#ERROR}.
 */
public enum ErrorAction {

	/** Logs the failure at warn level, then goes on. */
	LOG,

	/** Only counts the failure, then goes on; for expected, high-rate failures. */
	COUNT,

	/** Sends a {@link DeadLetter} to the stage's dead-letter event-bus address, then goes on. */
	DEAD_LETTER,

	/** Fails the whole pipeline: it stops and reports {@link PipelineState#FAILED}. */
	FAIL

}
