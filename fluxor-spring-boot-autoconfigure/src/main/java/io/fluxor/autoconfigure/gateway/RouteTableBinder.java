package io.fluxor.autoconfigure.gateway;

import io.fluxor.gateway.route.RouteListener;
import io.fluxor.gateway.route.RouteRegistry;
import io.fluxor.gateway.route.Router;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Keeps something in step with the live route table: binds the table in use once every bean exists,
 * then again on every change. It listens before the first binding, so a change made from then on is
 * told and one made before is in the table it binds; bindings run one at a time.
 */
abstract class RouteTableBinder implements SmartInitializingSingleton, RouteListener {

	private final ObjectProvider<RouteRegistry> routes;

	RouteTableBinder(ObjectProvider<RouteRegistry> routes) {
		this.routes = routes;
	}

	@Override
	public void afterSingletonsInstantiated() {
		RouteRegistry registry = this.routes.getIfAvailable();
		if (registry == null || !prepare(registry)) {
			return;
		}
		synchronized (this) {
			registry.addListener(this);
			bind(registry.router());
		}
	}

	@Override
	public synchronized void routesChanged(Router previous, Router current) {
		bind(current);
	}

	/**
	 * Called once, before the first binding.
	 * @param registry the route registry
	 * @return whether to bind at all
	 */
	boolean prepare(RouteRegistry registry) {
		return true;
	}

	/**
	 * Brings what this binder keeps in step with a route table; called under this object's lock.
	 * @param router the table now in use
	 */
	abstract void bind(Router router);

}
