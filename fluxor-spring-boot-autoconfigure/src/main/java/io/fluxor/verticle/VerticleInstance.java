package io.fluxor.verticle;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.fluxor.eventbus.EventBus;
import io.fluxor.eventbus.Message;
import io.fluxor.eventbus.MessageConsumer;
import io.fluxor.eventbus.MessageHandler;
import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.LoopRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a deployed verticle, pinned to one event loop, and its context.
 *
 * <p>Its life is a small state machine whose every transition runs on its loop: start (start hooks,
 * then consumer registration), running, crash or failed start (consumers unregistered, the
 * {@link Deployment} decides between a restart after a backoff and giving up), stop (stop hooks,
 * then consumers unregistered). Completions that arrive on other threads are sent back to the loop
 * first, so none of the fields below needs a lock.
 */
final class VerticleInstance implements VerticleContext {

	private static final Logger logger = LoggerFactory.getLogger(VerticleInstance.class);

	/** Messages a worker instance keeps while its one running handler is busy; beyond, they fail with 503. */
	static final int WORKER_QUEUE_LIMIT = 1024;

	private enum Phase {

		NEW, STARTING, RUNNING, WAITING_FOR_RESTART, STOPPING, STOPPED, FAILED

	}

	private final Deployment deployment;

	private final int index;

	private final EventLoop loop;

	private final Object target;

	private final VerticleDefinition definition;

	private final List<MessageConsumer> consumers = new CopyOnWriteArrayList<>();

	// Loop-confined state.
	private Phase phase = Phase.NEW;

	private ScheduledFuture<?> pendingRestart;

	private CompletableFuture<Void> stopped;

	private Phase stopTarget;

	private boolean workerBusy;

	private boolean stopWhenWorkerIdle;

	private boolean startWhenWorkerIdle;

	private final ArrayDeque<WorkerTask> workerQueue = new ArrayDeque<>();

	VerticleInstance(Deployment deployment, int index, EventLoop loop, Object target) {
		this.deployment = deployment;
		this.index = index;
		this.loop = loop;
		this.target = target;
		this.definition = VerticleDefinition.of(target.getClass());
	}

	Object target() {
		return this.target;
	}

	// ---- life cycle, on the loop --------------------------------------------------------------

	/** Runs the start hooks, then registers the consumers. On the loop. */
	void start() {
		if (this.stopped != null || this.phase == Phase.FAILED) {
			return; // undeployed or given up while this start waited
		}
		if (this.workerBusy) {
			// A handler of the crashed instance still runs off the loop: its start hooks wait for it, so
			// that the state is never touched by two threads at once.
			this.startWhenWorkerIdle = true;
			return;
		}
		this.phase = Phase.STARTING;
		this.pendingRestart = null;
		this.deployment.instanceStarting(this.index);
		CompletableFuture<Object> hooks = runHooks(this.definition.startHooks());
		if (hooks.isDone()) {
			afterStart(hooks);
		}
		else {
			hooks.whenComplete((result, failure) -> onLoop(() -> afterStart(hooks)));
		}
	}

	private void afterStart(CompletableFuture<Object> hooks) {
		Throwable failure = failureOf(hooks);
		if (this.stopped != null) {
			// Stopped while starting: a started instance still gets its stop hooks.
			if (failure == null) {
				runStopHooks();
			}
			else {
				finishStop();
			}
			return;
		}
		if (failure == null) {
			try {
				registerConsumers();
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
		}
		if (failure != null) {
			failed(failure);
			return;
		}
		this.phase = Phase.RUNNING;
		this.deployment.instanceRunning(this.index);
	}

	private void registerConsumers() {
		EventBus bus = this.deployment.eventBus();
		for (ConsumerMethod method : this.definition.consumers()) {
			MessageHandler<Object> handler = this.deployment.options().worker()
					? (message) -> handleOnWorker(method, message) : (message) -> handle(method, message);
			this.consumers.add(bus.consumer(method.address(), this.loop, handler));
		}
	}

	/** The instance failed to start or crashed: drop its consumers and let the deployment decide. */
	private void failed(Throwable cause) {
		unregisterConsumers();
		Duration backoff = this.deployment.instanceFailed(this, cause);
		if (backoff == null) {
			this.phase = Phase.FAILED;
			return;
		}
		try {
			this.pendingRestart = this.deployment.timer()
				.schedule(() -> onLoop(this::start), backoff.toNanos(), TimeUnit.NANOSECONDS);
			this.phase = Phase.WAITING_FOR_RESTART;
		}
		catch (RejectedExecutionException ex) {
			// The deployer is shutting down: there is nobody left to restart it.
			this.phase = Phase.FAILED;
		}
	}

	/**
	 * Stops the instance on its loop: stop hooks if it runs, then its consumers are unregistered.
	 * @param failedDeployment whether it stops because its deployment gave up, rather than for an
	 * undeployment
	 * @return completes once it has stopped
	 */
	CompletableFuture<Void> stop(boolean failedDeployment) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Runnable stop = () -> stopOnLoop(failedDeployment ? Phase.FAILED : Phase.STOPPED)
			.whenComplete((result, ex) -> done.complete(null));
		if (!onLoop(stop)) {
			// The loop is gone: nothing runs there any more, so tidy up from here.
			unregisterConsumers();
			done.complete(null);
		}
		return done;
	}

	private CompletableFuture<Void> stopOnLoop(Phase target) {
		if (this.stopped != null) {
			return this.stopped;
		}
		this.stopped = new CompletableFuture<>();
		this.stopTarget = target;
		switch (this.phase) {
			case STARTING -> {
				// afterStart() finishes the stop when the start hooks complete.
			}
			case RUNNING -> {
				if (this.workerBusy) {
					// A worker handler still runs off the loop: the stop hooks wait for it and the queue.
					this.phase = Phase.STOPPING;
					this.stopWhenWorkerIdle = true;
				}
				else {
					runStopHooks();
				}
			}
			case WAITING_FOR_RESTART -> {
				this.pendingRestart.cancel(false);
				finishStop();
			}
			default -> finishStop();
		}
		return this.stopped;
	}

	private void runStopHooks() {
		this.phase = Phase.STOPPING;
		CompletableFuture<Object> hooks = runHooks(this.definition.stopHooks());
		hooks.whenComplete((result, failure) -> onLoop(() -> {
			if (failure != null) {
				logger.warn("Stop hook of verticle '{}' instance {} failed; stopping anyway", this.deployment.name(),
						this.index, Replies.unwrap(failure));
			}
			finishStop();
		}));
	}

	private void finishStop() {
		unregisterConsumers();
		if (this.phase != Phase.FAILED) {
			this.phase = this.stopTarget;
		}
		this.stopped.complete(null);
	}

	private void unregisterConsumers() {
		for (MessageConsumer consumer : this.consumers) {
			consumer.unregister();
		}
		this.consumers.clear();
	}

	private CompletableFuture<Object> runHooks(List<HookMethod> hooks) {
		CompletableFuture<Object> chain = CompletableFuture.completedFuture(null);
		for (HookMethod hook : hooks) {
			// An async hook may complete on any thread: the next one still runs on the loop.
			chain = chain.thenComposeAsync((ignored) -> hook.run(this.target, this), this::executeOnLoop);
		}
		return chain;
	}

	private void executeOnLoop(Runnable action) {
		if (!onLoop(action)) {
			throw new RejectedExecutionException(this.loop + " no longer runs the hooks of " + this);
		}
	}

	private static Throwable failureOf(CompletableFuture<?> future) {
		try {
			future.join();
			return null;
		}
		catch (RuntimeException ex) {
			return Replies.unwrap(ex);
		}
	}

	/**
	 * Runs the action on this instance's loop: at once when already there.
	 * @return {@code false} when the loop refused it because it shut down or is full
	 */
	private boolean onLoop(Runnable action) {
		if (this.loop.inLoop()) {
			action.run();
			return true;
		}
		try {
			this.loop.execute(action);
			return true;
		}
		catch (LoopRejectedException ex) {
			logger.warn("Verticle '{}' instance {} could not reach {}: {}", this.deployment.name(), this.index,
					this.loop, ex.getMessage());
			return false;
		}
	}

	// ---- message handling ---------------------------------------------------------------------

	private void handle(ConsumerMethod method, Message<Object> message) {
		String mismatch = method.payloadMismatch(message);
		if (mismatch != null) {
			Replies.fail(message, Replies.BAD_PAYLOAD, mismatch);
			return;
		}
		Object result;
		try {
			result = method.invoke(this.target, this, message);
		}
		catch (Throwable ex) {
			Replies.fail(message, ex);
			return;
		}
		Replies.reply(message, method, result);
	}

	/**
	 * Runs a handler of a worker verticle on the worker pool, one message at a time per instance so
	 * that the instance's state is still touched by one thread at a time, in arrival order.
	 */
	private void handleOnWorker(ConsumerMethod method, Message<Object> message) {
		String mismatch = method.payloadMismatch(message);
		if (mismatch != null) {
			Replies.fail(message, Replies.BAD_PAYLOAD, mismatch);
			return;
		}
		WorkerTask task = new WorkerTask(method, message);
		if (!this.workerBusy) {
			runOnWorker(task);
		}
		else if (this.workerQueue.size() < WORKER_QUEUE_LIMIT) {
			this.workerQueue.add(task);
		}
		else {
			Replies.fail(message, Replies.OVERLOADED, "Worker verticle '" + this.deployment.name() + "' instance "
					+ this.index + " has " + WORKER_QUEUE_LIMIT + " messages waiting");
		}
	}

	private void runOnWorker(WorkerTask task) {
		this.workerBusy = true;
		this.deployment.executeBlocking(() -> task.invoke(this))
			.whenComplete((result, failure) -> onLoopOrHere(() -> {
				if (failure != null) {
					Replies.fail(task.message, failure);
				}
				else {
					Replies.reply(task.message, task.method, result);
				}
				WorkerTask next = this.workerQueue.poll();
				if (next != null) {
					runOnWorker(next);
				}
				else {
					this.workerBusy = false;
					if (this.stopWhenWorkerIdle) {
						this.stopWhenWorkerIdle = false;
						runStopHooks();
					}
					else if (this.startWhenWorkerIdle) {
						this.startWhenWorkerIdle = false;
						start();
					}
				}
			}));
	}

	private void onLoopOrHere(Runnable action) {
		if (this.loop.inLoop() || !this.loop.tryDispatch(Runnable::run, action)) {
			action.run();
		}
	}

	/** A message waiting for the worker instance's handler. */
	private record WorkerTask(ConsumerMethod method, Message<Object> message) {

		Object invoke(VerticleInstance instance) throws Exception {
			try {
				return this.method.invoke(instance.target, instance, this.message);
			}
			catch (Exception | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new UndeclaredThrowableException(ex);
			}
		}

	}

	// ---- VerticleContext ----------------------------------------------------------------------

	@Override
	public String deploymentId() {
		return this.deployment.id();
	}

	@Override
	public String name() {
		return this.deployment.name();
	}

	@Override
	public int instanceIndex() {
		return this.index;
	}

	@Override
	public EventLoop loop() {
		return this.loop;
	}

	@Override
	public EventBus eventBus() {
		return this.deployment.eventBus();
	}

	@Override
	public <T> MessageConsumer consumer(String address, MessageHandler<T> handler) {
		MessageConsumer consumer = this.deployment.eventBus().consumer(address, this.loop, handler);
		this.consumers.add(consumer);
		return consumer;
	}

	@Override
	public CompletableFuture<Void> delay(Duration delay) {
		CompletableFuture<Void> result = new CompletableFuture<>();
		ScheduledFuture<?> timer = this.deployment.timer().schedule(() -> {
			try {
				this.loop.execute(() -> result.complete(null));
			}
			catch (LoopRejectedException ex) {
				result.completeExceptionally(ex);
			}
		}, delay.toNanos(), TimeUnit.NANOSECONDS);
		result.whenComplete((ignored, failure) -> {
			if (result.isCancelled()) {
				timer.cancel(false);
			}
		});
		return result;
	}

	@Override
	public <T> CompletableFuture<T> executeBlocking(Callable<T> work) {
		return this.deployment.executeBlocking(work);
	}

	@Override
	public void crash(Throwable cause) {
		onLoop(() -> {
			if (this.phase == Phase.RUNNING && this.stopped == null) {
				failed(cause);
			}
		});
	}

	@Override
	public String toString() {
		return "verticle '" + this.deployment.name() + "' instance " + this.index + " on " + this.loop;
	}

}
