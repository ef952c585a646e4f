package io.fluxor.gateway.backpressure;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The adaptive limiter: a Netflix {@link SimpleLimiter} whose {@link Gradient2Limit} grows while
 * latency stays near its long-term average and shrinks when it rises. Requests over the limit are
 * refused at once; there is no queue, since the limit itself absorbs bursts.
 */
final class AdaptiveConcurrencyLimiter implements ConcurrencyLimiter {

	private static final int DEFAULT_MIN_LIMIT = 20;

	private final SimpleLimiter<Void> limiter;

	private final int maxCcu;

	private final LongAdder rejected = new LongAdder();

	AdaptiveConcurrencyLimiter(int maxCcu, int utilizationPercent) {
		int initial = ConcurrencyLimiter.runningCapacity(maxCcu, utilizationPercent);
		this.maxCcu = maxCcu;
		Gradient2Limit limit = Gradient2Limit.newBuilder()
			.initialLimit(initial)
			.minLimit(Math.min(DEFAULT_MIN_LIMIT, initial))
			.maxConcurrency(maxCcu)
			.build();
		this.limiter = SimpleLimiter.newBuilder().named("fluxor-gateway").limit(limit).build();
	}

	@Override
	public Mono<Permit> acquire() {
		return Mono.<Permit>create(this::admit).doOnDiscard(Permit.class, Permit::release);
	}

	@Override
	public Permit tryAcquire() {
		Optional<Limiter.Listener> listener = this.limiter.acquire(null);
		return listener.isPresent() ? new ListenerPermit(listener.get()) : null;
	}

	private void admit(MonoSink<Permit> sink) {
		Permit permit = tryAcquire();
		if (permit != null) {
			sink.success(permit);
		}
		else {
			this.rejected.increment();
			sink.error(RejectedRequestException.of(RejectionReason.LIMIT_EXCEEDED));
		}
	}

	@Override
	public int active() {
		return this.limiter.getInflight();
	}

	@Override
	public int queued() {
		return 0;
	}

	@Override
	public int maxCcu() {
		return this.maxCcu;
	}

	@Override
	public int limit() {
		return this.limiter.getLimit();
	}

	@Override
	public long rejected() {
		return this.rejected.sum();
	}

	private static final class ListenerPermit extends AtomicBoolean implements Permit {

		private final transient Limiter.Listener listener;

		ListenerPermit(Limiter.Listener listener) {
			this.listener = listener;
		}

		@Override
		public void release(Outcome outcome) {
			if (compareAndSet(false, true)) {
				switch (outcome) {
					case SUCCESS -> this.listener.onSuccess();
					case DROPPED -> this.listener.onDropped();
					case IGNORED -> this.listener.onIgnore();
				}
			}
		}

	}

}
