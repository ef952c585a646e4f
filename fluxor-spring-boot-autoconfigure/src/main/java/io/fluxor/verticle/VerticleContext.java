package io.fluxor.verticle;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import io.fluxor.eventbus.EventBus;
import io.fluxor.eventbus.MessageConsumer;
import io.fluxor.eventbus.MessageHandler;
import io.fluxor.eventloop.EventLoop;

/**
 * What a verticle instance knows about itself and the runtime: its deployment, its loop, and
 * non-blocking helpers whose continuations come back to that loop, so that the instance's state is
 * still touched by one thread only.
 *
 * <p>Declare it as a parameter of an {@link OnStart @OnStart}, {@link OnStop @OnStop} or
 * {@link Consume @Consume} method to receive it. Every method may be called from any thread.
 */
public interface VerticleContext {

	/**
	 * Returns the id of the deployment this instance belongs to.
	 * @return the deployment id
	 */
	String deploymentId();

	/**
	 * Returns the deployment's name.
	 * @return the name
	 */
	String name();

	/**
	 * Returns this instance's index in its deployment, from 0.
	 * @return the index
	 */
	int instanceIndex();

	/**
	 * Returns the loop this instance is pinned to.
	 * @return the loop
	 */
	EventLoop loop();

	/**
	 * Returns the event bus.
	 * @return the bus
	 */
	EventBus eventBus();

	/**
	 * Registers a handler on this instance's loop; it is unregistered with the instance's
	 * annotated consumers when the instance stops, crashes or fails.
	 * @param <T> the body type
	 * @param address the address
	 * @param handler the handler
	 * @return the registration
	 */
	<T> MessageConsumer consumer(String address, MessageHandler<T> handler);

	/**
	 * Returns a future that completes on this instance's loop after a delay, without holding any
	 * thread in the meantime. Cancelling the future cancels the timer.
	 * @param delay the delay
	 * @return the future; fails with a {@link io.fluxor.eventloop.LoopRejectedException} if the loop
	 * shut down first
	 */
	CompletableFuture<Void> delay(Duration delay);

	/**
	 * Runs blocking work on the worker pool; the result completes on this instance's loop when
	 * called from it.
	 * @param <T> the result type
	 * @param work the blocking work
	 * @return the result
	 */
	<T> CompletableFuture<T> executeBlocking(Callable<T> work);

	/**
	 * Reports that this instance can no longer work: its consumers are unregistered and the
	 * deployer restarts it after a backoff, or marks the deployment {@link VerticleState#FAILED}
	 * when it has used up its restarts. Ignored unless the instance is running.
	 * @param cause why
	 */
	void crash(Throwable cause);

}
