package io.fluxor.gateway.backpressure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FixedConcurrencyLimiterTests {

	private final ConcurrencyLimiter limiter = ConcurrencyLimiter.fixed(4, 50, Duration.ofSeconds(10));

	private Permit acquireNow() {
		return this.limiter.acquire().block(Duration.ofSeconds(1));
	}

	@Test
	void runsUtilizationShareOfMaxCcuAndQueuesTheRest() {
		assertThat(this.limiter.limit()).isEqualTo(2);
		Permit first = acquireNow();
		acquireNow();
		List<Permit> admitted = new CopyOnWriteArrayList<>();
		this.limiter.acquire().subscribe(admitted::add);
		this.limiter.acquire().subscribe(admitted::add);
		assertThat(this.limiter.active()).isEqualTo(2);
		assertThat(this.limiter.queued()).isEqualTo(2);
		StepVerifier.create(this.limiter.acquire())
			.expectErrorSatisfies((ex) -> assertThat(((RejectedRequestException) ex).reason())
				.isEqualTo(RejectionReason.OVER_CAPACITY))
			.verify(Duration.ofSeconds(1));
		first.release();
		assertThat(admitted).hasSize(1);
		assertThat(this.limiter.active()).isEqualTo(2);
		assertThat(this.limiter.queued()).isEqualTo(1);
	}

	@Test
	void releasingAPermitTwiceFreesOneSlot() {
		Permit first = acquireNow();
		acquireNow();
		List<Permit> admitted = new CopyOnWriteArrayList<>();
		this.limiter.acquire().subscribe(admitted::add);
		first.release();
		first.release(Permit.Outcome.DROPPED);
		first.release(Permit.Outcome.IGNORED);
		assertThat(admitted).hasSize(1);
		assertThat(this.limiter.active()).isEqualTo(2);
		assertThat(this.limiter.queued()).isZero();
	}

	@Test
	void aCancelledWaiterLeavesTheQueueAndIsNeverAdmitted() {
		Permit first = acquireNow();
		Permit second = acquireNow();
		List<Permit> admitted = new CopyOnWriteArrayList<>();
		Disposable cancelled = this.limiter.acquire().subscribe(admitted::add);
		this.limiter.acquire().subscribe(admitted::add);
		cancelled.dispose();
		assertThat(this.limiter.queued()).isEqualTo(1);
		first.release();
		assertThat(admitted).hasSize(1);
		admitted.get(0).release();
		second.release();
		assertThat(this.limiter.active()).isZero();
		assertThat(this.limiter.queued()).isZero();
	}

	@Test
	void aWaiterPastTheQueueTimeoutIsRejectedAndCounted() {
		ConcurrencyLimiter limiter = ConcurrencyLimiter.fixed(2, 50, Duration.ofMillis(50));
		Permit running = limiter.acquire().block(Duration.ofSeconds(1));
		StepVerifier.create(limiter.acquire())
			.expectErrorSatisfies((ex) -> assertThat(((RejectedRequestException) ex).reason())
				.isEqualTo(RejectionReason.QUEUE_TIMEOUT))
			.verify(Duration.ofSeconds(5));
		assertThat(limiter.queued()).isZero();
		assertThat(limiter.rejected()).isEqualTo(1);
		running.release();
		assertThat(limiter.active()).isZero();
	}

	@Test
	void permitsNeverLeakWhenReleasesCancelsAndTimeoutsRace() {
		ConcurrencyLimiter limiter = ConcurrencyLimiter.fixed(16, 25, Duration.ofMillis(5));
		List<Disposable> subscriptions = new CopyOnWriteArrayList<>();
		Runnable worker = () -> {
			for (int i = 0; i < 2000; i++) {
				subscriptions.add(limiter.acquire().subscribe((permit) -> {
					if ((System.nanoTime() & 1) == 0) {
						permit.release();
					}
					else {
						Schedulers.parallel().schedule(permit::release);
					}
				}, (ex) -> {
				}));
				if (i % 7 == 0) {
					subscriptions.get(subscriptions.size() - 1).dispose();
				}
			}
		};
		Thread a = new Thread(worker);
		Thread b = new Thread(worker);
		a.start();
		b.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> !a.isAlive() && !b.isAlive());
		await().atMost(Duration.ofSeconds(30)).until(() -> limiter.active() == 0 && limiter.queued() == 0);
		assertThat(acquireFrom(limiter)).isNotNull();
	}

	private static Permit acquireFrom(ConcurrencyLimiter limiter) {
		return limiter.acquire().block(Duration.ofSeconds(1));
	}

}
