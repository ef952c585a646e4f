package io.fluxor.gateway.backpressure;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The CCU limiter of the Fluxor performance guide: up to max-ccu × utilization / 100 requests run,
 * the next ones up to max-ccu in total wait in a FIFO queue for at most the queue timeout, and the
 * rest are refused at once.
 *
 * <p>Counters and queue are guarded by one monitor held for a few field updates, never while a
 * subscriber runs, so callers on I/O threads never wait on other work. A permit and a waiter are
 * the same {@link Ticket} whose state moves once from waiting to admitted to done (or from waiting
 * to done on timeout or cancel), which is what makes release exactly-once under races.
 */
final class FixedConcurrencyLimiter implements ConcurrencyLimiter {

	private static final int WAITING = 0;

	private static final int ADMITTED = 1;

	private static final int DONE = 2;

	private final int maxCcu;

	private final int maxRunning;

	private final long queueTimeoutNanos;

	private final Scheduler timer = Schedulers.parallel();

	private final Object monitor = new Object();

	private final ArrayDeque<Ticket> queue = new ArrayDeque<>();

	private final LongAdder rejected = new LongAdder();

	private volatile int active;

	private volatile int queued;

	FixedConcurrencyLimiter(int maxCcu, int utilizationPercent, Duration queueTimeout) {
		this.maxRunning = ConcurrencyLimiter.runningCapacity(maxCcu, utilizationPercent);
		this.maxCcu = maxCcu;
		if (queueTimeout.isNegative() || queueTimeout.isZero()) {
			throw new IllegalArgumentException("queueTimeout must be positive but was " + queueTimeout);
		}
		this.queueTimeoutNanos = queueTimeout.toNanos();
	}

	@Override
	public Mono<Permit> acquire() {
		return Mono.<Permit>create(this::admit).doOnDiscard(Permit.class, Permit::release);
	}

	private void admit(MonoSink<Permit> sink) {
		Ticket ticket = new Ticket(sink);
		boolean queuedTicket;
		synchronized (this.monitor) {
			if (this.active < this.maxRunning && this.queue.isEmpty()) {
				this.active++;
				ticket.state.set(ADMITTED);
				queuedTicket = false;
			}
			else if (this.active + this.queued < this.maxCcu) {
				this.queue.addLast(ticket);
				this.queued++;
				queuedTicket = true;
			}
			else {
				this.rejected.increment();
				sink.error(RejectedRequestException.of(RejectionReason.OVER_CAPACITY));
				return;
			}
		}
		if (!queuedTicket) {
			sink.success(ticket);
			return;
		}
		sink.onCancel(ticket::cancel);
		ticket.timeout = this.timer.schedule(ticket::expire, this.queueTimeoutNanos, TimeUnit.NANOSECONDS);
		if (ticket.state.get() != WAITING) {
			ticket.timeout.dispose();
		}
	}

	private void freeSlot() {
		Ticket next = null;
		synchronized (this.monitor) {
			this.active--;
			while (this.active < this.maxRunning && !this.queue.isEmpty()) {
				Ticket candidate = this.queue.pollFirst();
				this.queued--;
				if (candidate.state.compareAndSet(WAITING, ADMITTED)) {
					this.active++;
					next = candidate;
					break;
				}
			}
		}
		if (next != null) {
			Disposable timeout = next.timeout;
			if (timeout != null) {
				timeout.dispose();
			}
			next.sink.success(next);
		}
	}

	private void leaveQueue(Ticket ticket) {
		synchronized (this.monitor) {
			if (this.queue.remove(ticket)) {
				this.queued--;
			}
		}
	}

	@Override
	public int active() {
		return this.active;
	}

	@Override
	public int queued() {
		return this.queued;
	}

	@Override
	public int maxCcu() {
		return this.maxCcu;
	}

	@Override
	public int limit() {
		return this.maxRunning;
	}

	@Override
	public long rejected() {
		return this.rejected.sum();
	}

	/** A waiter until admitted, then the permit. */
	private final class Ticket implements Permit {

		final AtomicInteger state = new AtomicInteger(WAITING);

		final MonoSink<Permit> sink;

		volatile Disposable timeout;

		Ticket(MonoSink<Permit> sink) {
			this.sink = sink;
		}

		@Override
		public void release(Outcome outcome) {
			if (this.state.compareAndSet(ADMITTED, DONE)) {
				freeSlot();
			}
		}

		void cancel() {
			if (this.state.compareAndSet(WAITING, DONE)) {
				leaveQueue(this);
				Disposable timeout = this.timeout;
				if (timeout != null) {
					timeout.dispose();
				}
			}
			else {
				// admitted while the subscriber went away: the permit is nobody's, free it
				release(Outcome.IGNORED);
			}
		}

		void expire() {
			if (this.state.compareAndSet(WAITING, DONE)) {
				leaveQueue(this);
				FixedConcurrencyLimiter.this.rejected.increment();
				this.sink.error(RejectedRequestException.of(RejectionReason.QUEUE_TIMEOUT));
			}
		}

	}

}
