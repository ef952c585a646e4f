package io.fluxor.eventbus;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fluxor.eventloop.EventLoop;
import io.fluxor.eventloop.LoopTask;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;

/**
 * A request waiting for its reply: completed exactly once, by the reply, a failure or the timeout,
 * whichever comes first, or ended by the requester cancelling its future. The requester's future
 * completes on the requester's event loop when it made the request from one, so that its
 * continuation runs where its state lives.
 */
final class PendingReply extends AtomicBoolean implements TimerTask {

	private final DefaultEventBus bus;

	private final String address;

	private final AddressStatistics statistics;

	private final CompletableFuture<Message<Object>> future;

	private final EventLoop requesterLoop;

	private final long startNanos;

	private volatile Timeout timeout;

	PendingReply(DefaultEventBus bus, String address, AddressStatistics statistics) {
		this.bus = bus;
		this.address = address;
		this.statistics = statistics;
		this.future = new ReplyFuture(this);
		this.requesterLoop = EventLoop.current();
		this.startNanos = System.nanoTime();
	}

	/**
	 * Starts the request's timer.
	 * @return {@code false} when the bus is closed and its timer stopped
	 */
	boolean scheduleTimeout(long timeoutMillis) {
		try {
			this.timeout = this.bus.timer().newTimeout(this, timeoutMillis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	void reply(Object body, Map<String, String> headers) {
		if (finish()) {
			this.statistics.recordReplied();
			complete(new LocalMessage<>(this.address, body, headers, DeliveryContext.Kind.REPLY, null, null), null);
		}
	}

	void fail(int code, String message) {
		fail(DeliveryException.recipientFailure(this.address, code, message, waitedMillis()));
	}

	void fail(DeliveryException failure) {
		if (finish()) {
			this.statistics.recordFailure(failure.failure());
			complete(null, failure);
		}
	}

	/** Fails the request with a failure that was counted where it was raised. */
	void abort(DeliveryException failure) {
		if (finish()) {
			complete(null, failure);
		}
	}

	/** Returns the requester's future; cancelling it ends the request. */
	CompletableFuture<Message<Object>> future() {
		return this.future;
	}

	String address() {
		return this.address;
	}

	/**
	 * Ends the request whose requester gave up (an HTTP client that went away, for one): nobody waits
	 * for its answer any more, so its timer stops and it counts neither as a timeout nor as a reply.
	 */
	private void cancelled() {
		finish();
	}

	/** Called by the timer when no answer came in time. */
	@Override
	public void run(Timeout timeout) {
		fail(DeliveryException.timeout(this.address, waitedMillis()));
	}

	boolean isDone() {
		return get();
	}

	private boolean finish() {
		if (!compareAndSet(false, true)) {
			return false;
		}
		this.bus.replyFinished();
		Timeout scheduled = this.timeout;
		if (scheduled != null) {
			scheduled.cancel();
		}
		return true;
	}

	/** Returns how long the requester has waited so far. */
	long waitedMillis() {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
	}

	private void complete(Message<Object> reply, Throwable failure) {
		EventLoop loop = this.requesterLoop;
		if (loop != null && !loop.inLoop()) {
			Completion completion = new Completion(this.future, reply, failure);
			if (loop.tryDispatch(Completion.TASK, completion)) {
				return;
			}
			// The requester's loop is full or gone: completing here beats losing the answer.
		}
		completeNow(this.future, reply, failure);
	}

	private static void completeNow(CompletableFuture<Message<Object>> future, Message<Object> reply,
			Throwable failure) {
		if (failure != null) {
			future.completeExceptionally(failure);
		}
		else {
			future.complete(reply);
		}
	}

	/** The requester's future, which tells its request when it is cancelled. */
	private static final class ReplyFuture extends CompletableFuture<Message<Object>> {

		private final PendingReply pending;

		ReplyFuture(PendingReply pending) {
			this.pending = pending;
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			boolean cancelled = super.cancel(mayInterruptIfRunning);
			if (cancelled) {
				this.pending.cancelled();
			}
			return cancelled;
		}

	}

	/** The answer to hand to the requester on its loop. */
	private record Completion(CompletableFuture<Message<Object>> future, Message<Object> reply, Throwable failure) {

		static final LoopTask<Completion> TASK = new LoopTask<>() {

			@Override
			public void run(Completion completion) {
				completeNow(completion.future, completion.reply, completion.failure);
			}

			@Override
			public void abandon(Completion completion, Throwable cause) {
				completeNow(completion.future, completion.reply, completion.failure);
			}

		};

	}

}
