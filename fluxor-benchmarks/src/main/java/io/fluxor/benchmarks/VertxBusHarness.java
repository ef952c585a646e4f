package io.fluxor.benchmarks;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

/**
 * Vert.x 5's local (non-clustered) event bus on two event loops. Consumers are registered from two
 * deployed instances, each on its own event-loop context (instance 0 on one loop, instance 1 on the
 * other), mirroring the Fluxor placement.
 */
final class VertxBusHarness implements BusHarness {

	private static final long TIMEOUT_SECONDS = 10;

	private final Vertx vertx;

	private final EventBus bus;

	private final Context[] contexts = new Context[2];

	private final String[] threads = new String[2];

	private Handler<AsyncResult<Message<Object>>> onReply;

	VertxBusHarness(Completions sent, Completions published) throws Exception {
		this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
		this.bus = this.vertx.eventBus();
		AtomicInteger instances = new AtomicInteger();
		Set<String> loops = ConcurrentHashMap.newKeySet();
		Future<String> deployed = this.vertx.deployVerticle(() -> (context) -> {
			int instance = instances.getAndIncrement();
			this.contexts[instance] = context;
			this.threads[instance] = Thread.currentThread().getName();
			loops.add(this.threads[instance]);
			for (int i = instance; i < PUBLISH_CONSUMERS; i += 2) {
				int writer = i;
				this.bus.<Integer>consumer(PUBLISH_ADDRESS, (message) -> published.add(writer));
			}
			if (instance == 1) {
				this.bus.<Integer>consumer(SEND_ADDRESS, (message) -> sent.add(0));
				this.bus.<Integer>consumer(REQUEST_ADDRESS, (message) -> message.reply(message.body()));
			}
			return Future.succeededFuture();
		}, new DeploymentOptions().setInstances(2));
		deployed.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		if (loops.size() != 2) {
			throw new IllegalStateException("Vert.x placed both instances on " + loops + "; the comparison needs two loops");
		}
	}

	@Override
	public void send() {
		this.bus.send(SEND_ADDRESS, BODY);
	}

	@Override
	public void publish() {
		this.bus.publish(PUBLISH_ADDRESS, BODY);
	}

	@Override
	public void replyTo(RequestDriver driver) {
		this.onReply = (result) -> driver.replied(result.succeeded());
	}

	@Override
	public void request() {
		this.bus.<Object>request(REQUEST_ADDRESS, BODY).onComplete(this.onReply);
	}

	@Override
	public void onCallerLoop(Runnable task) {
		this.contexts[0].runOnContext((ignored) -> task.run());
	}

	@Override
	public String placement() {
		return "vertx: caller and publish consumers 0,2 on " + this.threads[0]
				+ "; send consumer, responder and publish consumers 1,3 on " + this.threads[1];
	}

	@Override
	public void close() throws Exception {
		this.vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

}
