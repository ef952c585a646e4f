package io.fluxor.eventbus;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.EventLoopGroup;
import io.fluxor.support.TrackedRegistry;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The in-JVM {@link EventBus}: bodies are passed by reference, each consumer runs on the event loop
 * it was registered on, and request timeouts run on a hashed wheel timer.
 *
 * <p>The send path is one map lookup, one round-robin increment and one ring publish; the consumer
 * registration itself is the loop task, so a send allocates only its message.
 */
public final class DefaultEventBus implements EventBus, EventBusStatistics, AutoCloseable {

	private static final EventBusInterceptor[] NO_INTERCEPTORS = {};

	private static final String CLOSED = "the event bus is closed";

	private final EventLoopGroup group;

	private final Map<String, Handlers> handlers = new ConcurrentHashMap<>();

	private final TrackedRegistry<AddressStatistics> statistics = new TrackedRegistry<>(AddressStatistics::new);

	private final AddressStatistics unrouted = this.statistics.track(AddressStatistics.UNROUTED_ADDRESS);

	private final LongAdder pendingReplies = new LongAdder();

	private final HashedWheelTimer timer;

	private volatile EventBusInterceptor[] interceptors = NO_INTERCEPTORS;

	/**
	 * Creates a bus whose consumers run on the given group's loops.
	 * @param group the event loops
	 */
	public DefaultEventBus(EventLoopGroup group) {
		this.group = group;
		this.timer = new HashedWheelTimer(new DefaultThreadFactory("fluxor-eventbus-timer", true), 10,
				TimeUnit.MILLISECONDS, 512);
	}

	@Override
	public int publish(String address, Object body, DeliveryOptions options) {
		Handlers target = this.handlers.get(address);
		AddressStatistics stats = statisticsOf(target);
		LocalMessage<Object> message = new LocalMessage<>(address, body, options.headers(),
				DeliveryContext.Kind.PUBLISH, null, stats);
		if (!interceptOutbound(message)) {
			stats.recordFailure(DeliveryFailure.REJECTED);
			throw DeliveryException.rejected(address, "refused by an outbound interceptor");
		}
		stats.recordPublished();
		if (target == null) {
			stats.recordFailure(DeliveryFailure.NO_HANDLERS);
			return 0;
		}
		int delivered = 0;
		DeliveryException rejection = null;
		for (Registration registration : target.registrations) {
			try {
				registration.deliver(message);
				delivered++;
			}
			catch (DeliveryException ex) {
				rejection = ex;
			}
		}
		if (rejection != null) {
			throw rejection;
		}
		return delivered;
	}

	@Override
	public void send(String address, Object body, DeliveryOptions options) {
		Handlers target = this.handlers.get(address);
		AddressStatistics stats = statisticsOf(target);
		LocalMessage<Object> message = new LocalMessage<>(address, body, options.headers(), DeliveryContext.Kind.SEND,
				null, stats);
		Registration registration = route(message, target, stats);
		registration.deliver(message);
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public <R> CompletableFuture<Message<R>> request(String address, Object body, DeliveryOptions options) {
		Handlers target = this.handlers.get(address);
		AddressStatistics stats = statisticsOf(target);
		PendingReply pending = new PendingReply(this, address, stats);
		CompletableFuture<Message<Object>> future = pending.future();
		LocalMessage<Object> message = new LocalMessage<>(address, body, options.headers(),
				DeliveryContext.Kind.REQUEST, pending, stats);
		this.pendingReplies.increment();
		try {
			Registration registration = route(message, target, stats);
			if (!pending.scheduleTimeout(options.timeout().toMillis())) {
				pending.fail(DeliveryException.rejected(address, CLOSED));
				return (CompletableFuture) future;
			}
			registration.deliver(message);
		}
		catch (DeliveryException ex) {
			pending.abort(ex);
		}
		return (CompletableFuture) future;
	}

	/** The statistics a message to an address counts under: its own, or the unrouted ones. */
	private AddressStatistics statisticsOf(Handlers target) {
		return (target != null) ? target.statistics : this.unrouted;
	}

	private Registration route(LocalMessage<Object> message, Handlers target, AddressStatistics stats) {
		String address = message.address();
		if (!interceptOutbound(message)) {
			stats.recordFailure(DeliveryFailure.REJECTED);
			throw DeliveryException.rejected(address, "refused by an outbound interceptor");
		}
		stats.recordSent();
		if (target == null) {
			stats.recordFailure(DeliveryFailure.NO_HANDLERS);
			throw DeliveryException.noHandlers(address);
		}
		return target.next();
	}

	@Override
	public <T> MessageConsumer consumer(String address, MessageHandler<T> handler) {
		EventLoop current = EventLoop.current();
		return consumer(address, (current != null) ? current : this.group.next(), handler);
	}

	@Override
	public <T> MessageConsumer consumer(String address, EventLoop loop, MessageHandler<T> handler) {
		AddressStatistics stats = this.statistics.track(address);
		Registration registration = new Registration(this, address, loop, handler, stats);
		this.handlers.compute(address, (key, existing) -> (existing != null) ? existing.with(registration)
				: new Handlers(new Registration[] { registration }, new AtomicInteger(), stats));
		return registration;
	}

	void unregister(Registration registration) {
		this.handlers.computeIfPresent(registration.address(), (key, existing) -> existing.without(registration));
	}

	@Override
	public synchronized void addInterceptor(EventBusInterceptor interceptor) {
		EventBusInterceptor[] current = this.interceptors;
		EventBusInterceptor[] extended = Arrays.copyOf(current, current.length + 1);
		extended[current.length] = interceptor;
		this.interceptors = extended;
	}

	private boolean interceptOutbound(LocalMessage<Object> message) {
		EventBusInterceptor[] chain = this.interceptors;
		if (chain.length == 0) {
			return true;
		}
		message.makeHeadersMutable();
		for (EventBusInterceptor interceptor : chain) {
			if (!interceptor.outbound(message)) {
				return false;
			}
		}
		return true;
	}

	boolean interceptInbound(LocalMessage<Object> message) {
		EventBusInterceptor[] chain = this.interceptors;
		for (EventBusInterceptor interceptor : chain) {
			if (!interceptor.inbound(message)) {
				return false;
			}
		}
		return true;
	}

	Timer timer() {
		return this.timer;
	}

	void replyFinished() {
		this.pendingReplies.decrement();
	}

	@Override
	public EventBusStatistics statistics() {
		return this;
	}

	@Override
	public Collection<AddressStatistics> addresses() {
		return this.statistics.values();
	}

	@Override
	public int consumerCount(String address) {
		Handlers target = this.handlers.get(address);
		return (target != null) ? target.registrations.length : 0;
	}

	@Override
	public long pendingReplies() {
		return this.pendingReplies.sum();
	}

	@Override
	public void onAddressTracked(Consumer<AddressStatistics> listener) {
		this.statistics.onTracked(listener);
	}

	/**
	 * Stops the timer and fails every request still waiting for its reply.
	 */
	@Override
	public void close() {
		for (Timeout timeout : this.timer.stop()) {
			if (timeout.task() instanceof PendingReply pending) {
				pending.fail(DeliveryException.rejected(pending.address(), CLOSED));
			}
		}
	}

	/**
	 * The consumers of one address, replaced as a whole on every change so that senders read a
	 * consistent array without locking.
	 */
	private record Handlers(Registration[] registrations, AtomicInteger roundRobin, AddressStatistics statistics) {

		Registration next() {
			Registration[] all = this.registrations;
			return (all.length == 1) ? all[0] : all[(this.roundRobin.getAndIncrement() & Integer.MAX_VALUE) % all.length];
		}

		Handlers with(Registration registration) {
			Registration[] extended = Arrays.copyOf(this.registrations, this.registrations.length + 1);
			extended[this.registrations.length] = registration;
			return new Handlers(extended, this.roundRobin, this.statistics);
		}

		Handlers without(Registration registration) {
			Registration[] remaining = Arrays.stream(this.registrations)
				.filter((candidate) -> candidate != registration)
				.toArray(Registration[]::new);
			return (remaining.length == 0) ? null : new Handlers(remaining, this.roundRobin, this.statistics);
		}

	}

}
