package io.fluxor.gateway.route;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.fluxor.gateway.GatewayHandler;

/**
 * Where a {@link Route} sends its requests: an event-bus address answered by request-reply, or a
 * {@link GatewayHandler} called in place.
 */
public sealed interface RouteTarget permits RouteTarget.Address, RouteTarget.Handler {

	/**
	 * Returns a target that sends the request to an event-bus address and waits for the reply.
	 * @param address the address
	 * @return the target
	 */
	static RouteTarget address(String address) {
		return new Address(address);
	}

	/**
	 * Returns a target that calls a handler.
	 * @param name the handler's name, used in descriptions
	 * @param handler the handler
	 * @return the target
	 */
	static RouteTarget handler(String name, GatewayHandler handler) {
		return new Handler(name, handler);
	}

	/**
	 * Describes the target for the actuator's {@code routes} section: at least its {@code type}, then
	 * what it points at. Targets with live state (upstreams, breaker states, cache statistics) add it
	 * here. Called on every read of the endpoint, so it must be cheap and thread-safe.
	 * @return a JSON-serializable description, in display order
	 */
	default Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("type", getClass().getSimpleName().toLowerCase(Locale.ROOT));
		description.put("description", toString());
		return description;
	}

	/**
	 * An event-bus address: the gateway sends an {@link io.fluxor.gateway.HttpRequestMessage} as a
	 * request and turns the reply into the HTTP response.
	 *
	 * @param address the address
	 */
	record Address(String address) implements RouteTarget {

		/**
		 * Creates the target.
		 * @param address the address, not blank
		 */
		public Address {
			if (address == null || address.isBlank()) {
				throw new IllegalArgumentException("address must not be blank");
			}
		}

		@Override
		public Map<String, Object> describe() {
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("type", "address");
			description.put("address", this.address);
			return description;
		}

		@Override
		public String toString() {
			return "address '" + this.address + "'";
		}

	}

	/**
	 * A handler called on the thread that delivered the request.
	 *
	 * @param name the handler's name
	 * @param handler the handler
	 */
	record Handler(String name, GatewayHandler handler) implements RouteTarget {

		/**
		 * Creates the target.
		 * @param name the name
		 * @param handler the handler
		 */
		public Handler {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(handler, "handler");
		}

		@Override
		public Map<String, Object> describe() {
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("type", "handler");
			description.put("handler", this.name);
			return description;
		}

		@Override
		public String toString() {
			return "handler '" + this.name + "'";
		}

	}

}
