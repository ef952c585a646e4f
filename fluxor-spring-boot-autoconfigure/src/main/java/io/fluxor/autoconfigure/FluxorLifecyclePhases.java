package io.fluxor.autoconfigure;

import org.springframework.context.SmartLifecycle;

/**
 * The {@link SmartLifecycle} phases of Fluxor's parts: event loops start first and stop last,
 * verticles and pipelines run in between, and the HTTP gateway starts last and stops first, so that
 * it stops taking requests before what serves them goes away.
 */
public final class FluxorLifecyclePhases {

	/** Event loops: started before, and shut down after, everything that runs on them. */
	public static final int EVENT_LOOPS = SmartLifecycle.DEFAULT_PHASE - 10_000;

	/** Verticle deployments. */
	public static final int VERTICLES = SmartLifecycle.DEFAULT_PHASE - 8_000;

	/** Pipelines. */
	public static final int PIPELINES = SmartLifecycle.DEFAULT_PHASE - 7_000;

	/** The HTTP gateway. */
	public static final int GATEWAY = SmartLifecycle.DEFAULT_PHASE - 5_000;

	private FluxorLifecyclePhases() {
	}

}
