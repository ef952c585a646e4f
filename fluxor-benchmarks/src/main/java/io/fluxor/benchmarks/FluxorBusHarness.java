package io.fluxor.benchmarks;

import java.time.Duration;
import java.util.function.BiConsumer;

import io.fluxor.eventbus.DefaultEventBus;
import io.fluxor.eventbus.Message;
import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.eventloop.EventLoopOptions;

/**
 * Fluxor's {@link DefaultEventBus} on a group of two event loops with the default options (phased
 * wait strategy, 16384-slot rings).
 */
final class FluxorBusHarness implements BusHarness {

	private final EventLoopGroup group;

	private final DefaultEventBus bus;

	private final EventLoop callerLoop;

	private BiConsumer<Message<Object>, Throwable> onReply;

	FluxorBusHarness(Completions sent, Completions published) {
		this.group = new EventLoopGroup(EventLoopOptions.defaults().withCount(2)).start();
		this.bus = new DefaultEventBus(this.group);
		this.callerLoop = this.group.loop(0);
		EventLoop consumerLoop = this.group.loop(1);
		this.bus.consumer(SEND_ADDRESS, consumerLoop, (message) -> sent.add(0));
		for (int i = 0; i < PUBLISH_CONSUMERS; i++) {
			int writer = i;
			this.bus.consumer(PUBLISH_ADDRESS, this.group.loop(i % 2), (message) -> published.add(writer));
		}
		this.bus.consumer(REQUEST_ADDRESS, consumerLoop, (message) -> message.reply(message.body()));
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
		this.onReply = (reply, failure) -> driver.replied(failure == null);
	}

	@Override
	public void request() {
		this.bus.<Object>request(REQUEST_ADDRESS, BODY).whenComplete(this.onReply);
	}

	@Override
	public void onCallerLoop(Runnable task) {
		this.callerLoop.execute(task);
	}

	@Override
	public String placement() {
		return "fluxor: caller and publish consumers 0,2 on " + this.group.loop(0).name()
				+ "; send consumer, responder and publish consumers 1,3 on " + this.group.loop(1).name();
	}

	@Override
	public void close() {
		this.bus.close();
		this.group.shutdown(Duration.ofSeconds(5));
	}

}
