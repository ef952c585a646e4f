package io.fluxor.pipeline;

/**
 * What a pipeline does when a stage is clogged: it stopped consuming (crashed or stuck) while items
 * wait in its input. Whatever the policy, memory stays bounded: the buffers are bounded and the
 * stage's producers wait (backpressure) or shed.
 */
public enum ClogPolicy {

	/**
	 * Supervises the stage: abandons the item it is stuck on (counted) and restarts its workers
	 * after an exponential back-off. Cures a lost or hanging async call; cannot free a loop thread
	 * that user code blocks.
	 */
	RESTART,

	/** Drops the queued items and every new one for the stage (counted as shed) until it moves again. */
	SHED,

	/** Stops the whole pipeline, which reports {@link PipelineState#FAILED}. */
	STOP

}
