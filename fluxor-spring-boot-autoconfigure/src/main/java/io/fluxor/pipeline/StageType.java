package io.fluxor.pipeline;

/**
 * The kinds of stage a pipeline is made of; the names match the {@code type:} values of
 * {@code fluxor.pipelines.NAME.stages.STAGE}.
 */
public enum StageType {

	/** Source of items ({@link Extractor}); one receiver, no input. */
	EXTRACTOR(true, false),

	/** Maps items, may feed them back ({@link Transformer}, {@link AsyncTransformer}); one receiver. */
	TRANSFORMER(true, false),

	/** Passes the items that satisfy a predicate ({@link Filter}); one receiver. */
	FILTER(true, false),

	/** Spreads items round-robin over its receivers, skipping a full one when another has room. */
	BALANCER(false, true),

	/** Sends every item to all of its receivers. */
	BROADCAST(false, true),

	/** Merges several inputs fairly (round-robin over per-input buffers) into one receiver. */
	FUNNEL(false, false),

	/** Sends each item to the receiver named by a key ({@link Messenger}). */
	MESSENGER(true, true),

	/** The sink ({@link Loader}, {@link AsyncLoader}); no receiver. */
	LOADER(true, false);

	private final boolean needsLogic;

	private final boolean manyReceivers;

	StageType(boolean needsLogic, boolean manyReceivers) {
		this.needsLogic = needsLogic;
		this.manyReceivers = manyReceivers;
	}

	/**
	 * Returns whether the stage runs user code (a bean), as opposed to pure routing.
	 * @return whether a stage object is required
	 */
	public boolean needsLogic() {
		return this.needsLogic;
	}

	/**
	 * Returns whether the stage may have more than one receiver.
	 * @return whether several receivers are allowed
	 */
	public boolean manyReceivers() {
		return this.manyReceivers;
	}

}
