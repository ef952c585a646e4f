package io.fluxor.pipeline;

/**
 * How a pipeline spreads its stages' workers over the event loops. The trade-off is hand-off cost
 * against pipelining: a hand-off within one loop costs a buffer slot and no cross-core traffic or
 * thread wake-up, while stages on different loops run their work at the same time.
 */
public enum StagePlacement {

	/**
	 * A stage with one worker whose only sender has one worker, one receiver and at most one input
	 * runs on its sender's loop, so a linear chain of single-worker stages shares one loop and never
	 * wakes another thread; extractors, fan-out receivers, funnels and what follows them, and
	 * stages with parallelism above 1 are spread over the loops. Best when stages are cheap next to a hand-off. The default.
	 */
	CHAIN,

	/**
	 * Every worker goes to the next loop in turn, so neighbouring stages run on different threads
	 * and overlap. Best when each stage does enough work per item to pay for crossing threads.
	 */
	SPREAD

}
