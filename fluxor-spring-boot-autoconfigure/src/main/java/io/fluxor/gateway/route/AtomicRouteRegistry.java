package io.fluxor.gateway.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RouteRegistry} of {@link RouteRegistry#of(Router)}: a volatile {@link Router} read
 * without locks, writers serialized on the registry's monitor.
 */
final class AtomicRouteRegistry implements RouteRegistry {

	private static final Logger logger = LoggerFactory.getLogger(AtomicRouteRegistry.class);

	private final List<RouteValidator> validators = new CopyOnWriteArrayList<>();

	private final List<RouteListener> listeners = new CopyOnWriteArrayList<>();

	private volatile Router router;

	AtomicRouteRegistry(Router initial) {
		this.router = Objects.requireNonNull(initial, "initial");
	}

	@Override
	public Router router() {
		return this.router;
	}

	@Override
	public synchronized Router replace(List<Route> routes) {
		Set<String> ids = new HashSet<>();
		for (Route route : routes) {
			Objects.requireNonNull(route, "route");
			if (!ids.add(route.id())) {
				throw new InvalidRouteException(route.id(), "duplicate route id");
			}
		}
		validate(routes, this.validators);
		return swap(Router.of(routes));
	}

	@Override
	public synchronized Router update(Route route) {
		Objects.requireNonNull(route, "route");
		List<Route> routes = new ArrayList<>(this.router.routes());
		int index = indexOf(routes, route.id());
		if (index >= 0) {
			routes.set(index, route);
		}
		else {
			routes.add(route);
		}
		validate(List.of(route), this.validators);
		return swap(Router.of(routes));
	}

	@Override
	public synchronized Optional<Route> remove(String id) {
		List<Route> routes = new ArrayList<>(this.router.routes());
		int index = indexOf(routes, id);
		if (index < 0) {
			return Optional.empty();
		}
		Route removed = routes.remove(index);
		swap(Router.of(routes));
		return Optional.of(removed);
	}

	@Override
	public synchronized void addValidator(RouteValidator validator) {
		Objects.requireNonNull(validator, "validator");
		validate(this.router.routes(), List.of(validator));
		this.validators.add(validator);
	}

	@Override
	public void addListener(RouteListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	private static void validate(List<Route> routes, List<RouteValidator> validators) {
		for (Route route : routes) {
			for (RouteValidator validator : validators) {
				try {
					validator.validate(route);
				}
				catch (InvalidRouteException ex) {
					throw ex;
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidRouteException(route.id(), ex.getMessage());
				}
			}
		}
	}

	private Router swap(Router next) {
		Router previous = this.router;
		this.router = next;
		for (RouteListener listener : this.listeners) {
			try {
				listener.routesChanged(previous, next);
			}
			catch (RuntimeException ex) {
				logger.warn("Route listener {} failed", listener, ex);
			}
		}
		return next;
	}

	private static int indexOf(List<Route> routes, String id) {
		for (int i = 0; i < routes.size(); i++) {
			if (routes.get(i).id().equals(id)) {
				return i;
			}
		}
		return -1;
	}

}
