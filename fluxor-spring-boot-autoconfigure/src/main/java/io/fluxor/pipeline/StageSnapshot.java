package io.fluxor.pipeline;

import java.util.Map;

/**
 * A point-in-time view of a stage, for the actuator.
 *
 * @param name the stage name
 * @param type the type
 * @param state the state
 * @param parallelism how many workers it runs
 * @param buffered items waiting in its input
 * @param capacity capacity of its input
 * @param clogged whether it is clogged
 * @param restarts how many times it was restarted
 * @param counts items per outcome
 */
public record StageSnapshot(String name, StageType type, StageState state, int parallelism, int buffered,
		int capacity, boolean clogged, long restarts, Map<StageOutcome, Long> counts) {
}
