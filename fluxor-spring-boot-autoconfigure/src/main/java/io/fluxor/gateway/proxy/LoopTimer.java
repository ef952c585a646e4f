package io.fluxor.gateway.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The Netty event loop a proxied request runs on, as the Reactor scheduler of its timers (the
 * route's deadline, the backoff before a retry). A timer scheduled from its own loop goes into
 * that loop's task queue and is removed from it when the response comes first: no lock and no
 * other thread, where Reactor's parallel scheduler takes a lock on a shared queue per request.
 * Off the loop, the timers fall back to the parallel scheduler.
 */
final class LoopTimer {

	/** Each loop's scheduler, kept by its thread: a loop runs on one thread for its whole life. */
	private static final FastThreadLocal<Scheduler> SCHEDULERS = new FastThreadLocal<>();

	private LoopTimer() {
	}

	/**
	 * Returns the scheduler for timers started now on behalf of a connection of {@code loop}.
	 * @param loop the connection's event loop, or {@code null} when there is none
	 * @return the loop's scheduler when called on the loop, else Reactor's parallel scheduler
	 */
	static Scheduler of(EventLoop loop) {
		if (loop == null || !loop.inEventLoop()) {
			return Schedulers.parallel();
		}
		Scheduler scheduler = SCHEDULERS.get();
		if (scheduler == null) {
			scheduler = Schedulers.fromExecutorService(loop, "fluxor-loop-timer");
			SCHEDULERS.set(scheduler);
		}
		return scheduler;
	}

}
