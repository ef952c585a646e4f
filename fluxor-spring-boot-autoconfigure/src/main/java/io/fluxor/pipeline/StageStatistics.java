package io.fluxor.pipeline;

/** Live statistics of one stage of a running pipeline; cheap to read from any thread. */
public interface StageStatistics {

	/**
	 * Returns the stage name.
	 * @return the name
	 */
	String name();

	/**
	 * Returns the stage type.
	 * @return the type
	 */
	StageType type();

	/**
	 * Returns the current state.
	 * @return the state
	 */
	StageState state();

	/**
	 * Returns how many items left this stage with an outcome since the pipeline was built.
	 * @param outcome the outcome
	 * @return the count
	 */
	long count(StageOutcome outcome);

	/**
	 * Returns how many items wait in the stage's input buffers.
	 * @return the buffered count
	 */
	int buffered();

	/**
	 * Returns the total capacity of the stage's input buffers (0 for an extractor).
	 * @return the capacity
	 */
	int capacity();

	/**
	 * Returns the fill ratio of the input buffers, from 0 to 1.
	 * @return the ratio
	 */
	default double bufferFill() {
		int capacity = capacity();
		return (capacity == 0) ? 0 : (double) buffered() / capacity;
	}

	/**
	 * Returns whether the stage is clogged now.
	 * @return {@code true} while clogged
	 */
	boolean clogged();

	/**
	 * Returns how many times the stage was restarted by its clog policy.
	 * @return the restart count
	 */
	long restarts();

	/**
	 * Returns how many workers the stage runs.
	 * @return the parallelism
	 */
	int parallelism();

}
