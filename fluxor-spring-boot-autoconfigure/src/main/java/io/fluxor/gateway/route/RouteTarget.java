package io.fluxor.gateway.route;

import java.util.Objects;

import io.fluxor.gateway.GatewayHandler;
import io.fluxor.gateway.proxy.UpstreamProxy;

/**
 * Where a {@link Route} sends its requests: an event-bus address answered by request-reply, a
 * {@link GatewayHandler} called in place, or upstream services behind an {@link UpstreamProxy}.
 */
public sealed interface RouteTarget permits RouteTarget.Address, RouteTarget.Handler, RouteTarget.Upstreams {

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
	 * Returns a target that forwards to upstream services.
	 * @param proxy the route's proxy
	 * @return the target
	 */
	static RouteTarget upstreams(UpstreamProxy proxy) {
		return new Upstreams(proxy);
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
		public String toString() {
			return "handler '" + this.name + "'";
		}

	}

	/**
	 * Upstream services: the request and response bodies stream through the route's
	 * {@link UpstreamProxy} instead of being read into messages.
	 *
	 * @param proxy the route's proxy
	 */
	record Upstreams(UpstreamProxy proxy) implements RouteTarget {

		/**
		 * Creates the target.
		 * @param proxy the proxy
		 */
		public Upstreams {
			Objects.requireNonNull(proxy, "proxy");
		}

		@Override
		public String toString() {
			return this.proxy.toString();
		}

	}

}
