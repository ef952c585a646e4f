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
 * <p>The running count is an atomic counter: while nobody waits, a request takes and frees its slot
 * with one compare-and-set, without a lock. The queue is guarded by a monitor held for a few field
 * updates, never while a subscriber runs, so callers on I/O threads never wait on other work. A
 * permit and a waiter are the same {@link Ticket} whose state moves once from waiting to admitted
 * to done (or from waiting to done on timeout or cancel), which is what makes release exactly-once
 * under races.
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

	private final AtomicInteger active = new AtomicInteger();

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
	public Permit tryAcquire() {
		// nobody may overtake a waiter; a waiter queued just after this check is drained by the releaser
		return (this.queued == 0 && takeSlot()) ? new Ticket(null, ADMITTED) : null;
	}

	@Override
	public Mono<Permit> acquire() {
		return Mono.<Permit>create(this::admit).doOnDiscard(Permit.class, Permit::release);
	}

	@Override
	public RejectionReason tryReject() {
		// full() without the monitor, read once: a slot freed meanwhile may turn one more request
		// away, as it would have a moment earlier
		if (full()) {
			this.rejected.increment();
			return RejectionReason.OVER_CAPACITY;
		}
		return null;
	}

	/** Whether running plus queued requests fill max-ccu, so that a request can neither run nor wait. */
	private boolean full() {
		return this.active.get() + this.queued >= this.maxCcu;
	}

	private boolean takeSlot() {
		for (int running = this.active.get(); running < this.maxRunning; running = this.active.get()) {
			if (this.active.compareAndSet(running, running + 1)) {
				return true;
			}
		}
		return false;
	}

	private void admit(MonoSink<Permit> sink) {
		Permit free = tryAcquire();
		if (free != null) {
			sink.success(free);
			return;
		}
		Ticket ticket = new Ticket(sink, WAITING);
		synchronized (this.monitor) {
			if (full()) {
				this.rejected.increment();
				sink.error(RejectedRequestException.of(RejectionReason.OVER_CAPACITY));
				return;
			}
			this.queue.addLast(ticket);
			this.queued++;
		}
		sink.onCancel(ticket::cancel);
		ticket.timeout = this.timer.schedule(ticket::expire, this.queueTimeoutNanos, TimeUnit.NANOSECONDS);
		if (ticket.get() != WAITING) {
			ticket.timeout.dispose();
		}
		// a slot freed between the fast-path check and the enqueue would otherwise wait for the next release
		drainQueue();
	}

	private void freeSlot() {
		this.active.decrementAndGet();
		if (this.queued > 0) {
			drainQueue();
		}
	}

	/** Admits waiters, oldest first, while slots are free. */
	private void drainQueue() {
		for (Ticket next = nextAdmitted(); next != null; next = nextAdmitted()) {
			Disposable timeout = next.timeout;
			if (timeout != null) {
				timeout.dispose();
			}
			next.sink.success(next);
		}
	}

	private Ticket nextAdmitted() {
		synchronized (this.monitor) {
			while (!this.queue.isEmpty()) {
				if (!takeSlot()) {
					return null;
				}
				Ticket candidate = this.queue.pollFirst();
				this.queued--;
				if (candidate.compareAndSet(WAITING, ADMITTED)) {
					return candidate;
				}
				this.active.decrementAndGet();
			}
			return null;
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
		return this.active.get();
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

	/** A waiter until admitted, then the permit; its value is its state. */
	@SuppressWarnings("serial")
	private final class Ticket extends AtomicInteger implements Permit {

		final transient MonoSink<Permit> sink;

		transient volatile Disposable timeout;

		Ticket(MonoSink<Permit> sink, int state) {
			super(state);
			this.sink = sink;
		}

		@Override
		public void release(Outcome outcome) {
			if (compareAndSet(ADMITTED, DONE)) {
				freeSlot();
			}
		}

		void cancel() {
			if (compareAndSet(WAITING, DONE)) {
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
			if (compareAndSet(WAITING, DONE)) {
				leaveQueue(this);
				FixedConcurrencyLimiter.this.rejected.increment();
				this.sink.error(RejectedRequestException.of(RejectionReason.QUEUE_TIMEOUT));
			}
		}

	}

}
