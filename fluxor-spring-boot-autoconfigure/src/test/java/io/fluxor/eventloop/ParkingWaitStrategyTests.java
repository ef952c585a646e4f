package io.fluxor.eventloop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The phased loops' parking and wake-ups, on real loops: no wake-up is lost whether producers are
 * other threads or loops (whose wake-ups wait for the end of their task), and a task that blocks
 * on a loop it has not woken yet is rescued by the blocked-loop detector.
 */
class ParkingWaitStrategyTests {

	private EventLoopGroup group;

	@AfterEach
	void shutdown() {
		if (this.group != null) {
			this.group.shutdown(Duration.ofSeconds(5));
		}
	}

	@Test
	void anIdleLoopParks() {
		EventLoop loop = start(EventLoopOptions.defaults().withCount(1)).loop(0);
		await().atMost(Duration.ofSeconds(10)).until(loop::isParked);
	}

	@RepeatedTest(5)
	void burstsFromThreadsAndLoopsToParkingLoopsAreAllDelivered() throws Exception {
		EventLoopGroup loops = start(EventLoopOptions.defaults().withCount(3).withRingBufferSize(1024));
		EventLoop target = loops.loop(2);
		int producers = 4;
		int bursts = 200;
		int perBurst = 50;
		long expected = (long) producers * bursts * perBurst;
		AtomicLong delivered = new AtomicLong();
		CountDownLatch all = new CountDownLatch(1);
		LoopTask<Object> count = (argument) -> {
			if (delivered.incrementAndGet() == expected) {
				all.countDown();
			}
		};
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			EventLoop viaLoop = (p % 2 == 0) ? loops.loop(p / 2) : null;
			threads.add(new Thread(() -> {
				for (int burst = 0; burst < bursts; burst++) {
					CountDownLatch sent = new CountDownLatch(1);
					Runnable sendBurst = () -> {
						for (int i = 0; i < perBurst; i++) {
							dispatchUntilAccepted(target, count);
						}
						sent.countDown();
					};
					if (viaLoop != null) {
						viaLoop.execute(sendBurst);
					}
					else {
						sendBurst.run();
					}
					awaitQuietly(sent);
					// Gaps between bursts let the target catch up and park.
					Thread.yield();
				}
			}, "producer-" + p));
		}
		threads.forEach(Thread::start);
		assertThat(all.await(30, TimeUnit.SECONDS)).as("delivered %d of %d", delivered.get(), expected).isTrue();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(10));
		}
	}

	@Test
	void aLoopWakesTheParkedLoopItDispatchedToWhenItsTaskEnds() throws Exception {
		EventLoopGroup loops = start(EventLoopOptions.defaults().withCount(2));
		EventLoop target = loops.loop(1);
		await().atMost(Duration.ofSeconds(10)).until(target::isParked);
		CountDownLatch ran = new CountDownLatch(100);
		loops.loop(0).execute(() -> {
			for (int i = 0; i < 100; i++) {
				target.execute(ran::countDown);
			}
		});
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aTaskBlockingOnALoopItHasNotWokenIsRescuedByTheDetector() throws Exception {
		EventLoopGroup loops = start(EventLoopOptions.defaults().withCount(2).withMaxExecuteTime(Duration.ofMillis(100)));
		EventLoop target = loops.loop(1);
		await().atMost(Duration.ofSeconds(10)).until(target::isParked);
		CompletableFuture<Boolean> answered = new CompletableFuture<>();
		loops.loop(0).execute(() -> {
			CountDownLatch reply = new CountDownLatch(1);
			target.execute(reply::countDown);
			try {
				// Blocking a loop is a bug the detector reports; it must still not hang forever.
				answered.complete(reply.await(20, TimeUnit.SECONDS));
			}
			catch (InterruptedException ex) {
				answered.completeExceptionally(ex);
			}
		});
		assertThat(answered.get(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void anInterruptedLoopStillParksAndRuns() throws Exception {
		EventLoop loop = start(EventLoopOptions.defaults().withCount(1)).loop(0);
		CountDownLatch interrupted = new CountDownLatch(1);
		loop.execute(() -> {
			Thread.currentThread().interrupt();
			interrupted.countDown();
		});
		assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(loop::isParked);
		CountDownLatch ran = new CountDownLatch(1);
		loop.execute(ran::countDown);
		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(loop::isParked);
	}

	private EventLoopGroup start(EventLoopOptions options) {
		this.group = new EventLoopGroup(options).start();
		return this.group;
	}

	private static void dispatchUntilAccepted(EventLoop target, LoopTask<Object> task) {
		while (!target.tryDispatch(task, null)) {
			Thread.onSpinWait();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
