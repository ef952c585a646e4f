package io.fluxor.gateway.route;

/**
 * A route change a {@link RouteRegistry} refused, naming the route and the rule it breaks, e.g.
 * {@code route 'users': duplicate route id}. Nothing was changed.
 */
public class InvalidRouteException extends IllegalArgumentException {

	private final String routeId;

	private final String reason;

	/**
	 * Creates the exception.
	 * @param routeId the id of the route at fault
	 * @param reason the rule it breaks
	 */
	public InvalidRouteException(String routeId, String reason) {
		super("route '" + routeId + "': " + reason);
		this.routeId = routeId;
		this.reason = reason;
	}

	/**
	 * Returns the id of the route at fault.
	 * @return the id
	 */
	public String routeId() {
		return this.routeId;
	}

	/**
	 * Returns the rule the route breaks.
	 * @return the reason
	 */
	public String reason() {
		return this.reason;
	}

}
