package io.fluxor.verticle;

/**
 * Where a deployment stands in its life.
 */
public enum VerticleState {

	/** Its instances are running their start hooks for the first time. */
	STARTING,

	/** Every instance has started and its consumers are registered. */
	RUNNING,

	/** At least one instance failed and waits for, or runs, its restart. */
	RESTARTING,

	/** It used up its restarts: its consumers are unregistered and it will not be restarted. */
	FAILED,

	/** It was undeployed. */
	STOPPED

}
