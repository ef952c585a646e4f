package io.fluxor.autoconfigure.gateway;

import java.time.Duration;

import io.fluxor.autoconfigure.FluxorLifecyclePhases;
import io.fluxor.gateway.GatewayServer;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link GatewayServer} when the context has started everything else (phase
 * {@link FluxorLifecyclePhases#GATEWAY}) and stops it first, so that no request arrives while what
 * serves it is going away.
 */
public class GatewayServerLifecycle implements SmartLifecycle {

	private final GatewayServer server;

	private final Duration shutdownTimeout;

	/**
	 * Creates the lifecycle.
	 * @param server the server
	 * @param shutdownTimeout how long open connections may take to finish on stop
	 */
	public GatewayServerLifecycle(GatewayServer server, Duration shutdownTimeout) {
		this.server = server;
		this.shutdownTimeout = shutdownTimeout;
	}

	@Override
	public void start() {
		this.server.start();
	}

	@Override
	public void stop() {
		this.server.stop(this.shutdownTimeout);
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
	}

	@Override
	public int getPhase() {
		return FluxorLifecyclePhases.GATEWAY;
	}

}
