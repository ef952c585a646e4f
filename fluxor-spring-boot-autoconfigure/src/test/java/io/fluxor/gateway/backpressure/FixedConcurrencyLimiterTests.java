package io.fluxor.gateway.backpressure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
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
	void tryRejectRefusesAndCountsOnlyWhenNeitherASlotNorAPlaceInTheQueueIsLeft() {
		Permit first = this.limiter.tryAcquire();
		this.limiter.tryAcquire();
		assertThat(this.limiter.tryReject()).isNull();
		this.limiter.acquire().subscribe();
		assertThat(this.limiter.tryReject()).isNull();
		this.limiter.acquire().subscribe();
		assertThat(this.limiter.tryReject()).isEqualTo(RejectionReason.OVER_CAPACITY);
		assertThat(this.limiter.tryReject()).isEqualTo(RejectionReason.OVER_CAPACITY);
		assertThat(this.limiter.rejected()).isEqualTo(2);
		first.release();
		assertThat(this.limiter.queued()).isEqualTo(1);
		assertThat(this.limiter.tryReject()).isNull();
		assertThat(this.limiter.rejected()).isEqualTo(2);
	}

	@Test
	void tryAcquireTakesAFreeSlotAtOnceButNeverOvertakesAWaiter() {
		Permit first = this.limiter.tryAcquire();
		Permit second = this.limiter.tryAcquire();
		assertThat(first).isNotNull();
		assertThat(second).isNotNull();
		assertThat(this.limiter.tryAcquire()).isNull();
		List<Permit> admitted = new CopyOnWriteArrayList<>();
		this.limiter.acquire().subscribe(admitted::add);
		this.limiter.acquire().subscribe(admitted::add);
		first.release();
		assertThat(admitted).hasSize(1);
		second.release();
		assertThat(admitted).hasSize(2);
		admitted.get(0).release();
		// one waiter was admitted from the queue, so the queue is empty again and a free slot is taken at once
		assertThat(this.limiter.queued()).isZero();
		assertThat(this.limiter.tryAcquire()).isNotNull();
		assertThat(this.limiter.active()).isEqualTo(2);
	}

	@Test
	void aWaiterIsAdmittedEvenWhenTheOnlySlotFreesWhileItQueues() throws InterruptedException {
		ConcurrencyLimiter limiter = ConcurrencyLimiter.fixed(2, 50, Duration.ofSeconds(30));
		for (int i = 0; i < 2_000; i++) {
			Permit running = limiter.tryAcquire();
			assertThat(running).isNotNull();
			Thread releaser = new Thread(running::release);
			releaser.start();
			// the release races with the queueing; a lost wake-up leaves this waiter for the 30 s timeout
			Permit waiter = limiter.acquire().block(Duration.ofSeconds(10));
			assertThat(waiter).as("round %d", i).isNotNull();
			waiter.release();
			releaser.join(10_000);
			assertThat(limiter.active()).isZero();
		}
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

	/**
	 * Consumes permits as the gateway does, in a {@code flatMap} that always takes the permit and a
	 * {@code doFinally} that releases it: a plain lambda subscriber disposed while the permit is on
	 * its way drops it (Reactor's {@code onNextDropped}), which no limiter can see.
	 */
	@RepeatedTest(20)
	void permitsNeverLeakWhenReleasesCancelsAndTimeoutsRace() {
		ConcurrencyLimiter limiter = ConcurrencyLimiter.fixed(16, 25, Duration.ofMillis(5));
		List<Disposable> subscriptions = new CopyOnWriteArrayList<>();
		Runnable worker = () -> {
			for (int i = 0; i < 2000; i++) {
				Mono<?> work = ((System.nanoTime() & 1) == 0) ? Mono.empty() : Mono.delay(Duration.ofNanos(1));
				subscriptions.add(limiter.acquire()
					.flatMap((permit) -> work.doFinally((signal) -> permit.release()))
					.subscribe(null, (ex) -> {
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
		assertThat(limiter.tryAcquire()).isNotNull();
	}

	private static Permit acquireFrom(ConcurrencyLimiter limiter) {
		return limiter.acquire().block(Duration.ofSeconds(1));
	}

}
