package io.fluxor.gateway.route;

/**
 * Told when a {@link RouteRegistry} swaps its routes, for per-route resources that must follow the
 * routes (connection pools, breakers, caches of routes that went away).
 *
 * <p>Called after the swap, on the writer's thread, one change at a time and in order. Requests
 * that matched a route of {@code previous} may still be running: release a removed route's
 * resources only once they have drained. An exception is logged and does not undo the change.
 */
@FunctionalInterface
public interface RouteListener {

	/**
	 * Called after each change.
	 * @param previous the snapshot before
	 * @param current the snapshot now in use
	 */
	void routesChanged(Router previous, Router current);

}
