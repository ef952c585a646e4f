package io.fluxor.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Schedulers that run a task on the Netty event loop of a request's connection: inline when the
 * caller is that loop already, else as one task of the loop.
 *
 * <p>An answer that comes back on another thread (a verticle's event loop, the request timer) is
 * written from the connection's own loop: Netty then encodes and flushes in place, where a write
 * from another thread costs a task per write and flush, and Reactor Netty's completion of the
 * exchange another hop. One scheduler per Netty loop, made on first use.
 */
final class ChannelLoopSchedulers {

	private final Map<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

	/**
	 * Returns the scheduler of the request's connection loop.
	 * @param request the request
	 * @return its loop's scheduler, or {@code null} when the request has no Netty connection
	 */
	Scheduler of(HttpServerRequest request) {
		if (!(request instanceof Connection connection)) {
			return null;
		}
		EventLoop loop = connection.channel().eventLoop();
		Scheduler scheduler = this.schedulers.get(loop);
		return (scheduler != null) ? scheduler : this.schedulers.computeIfAbsent(loop, ChannelLoopSchedulers::create);
	}

	private static Scheduler create(EventLoop loop) {
		return Schedulers.fromExecutor((task) -> {
			if (loop.inEventLoop()) {
				task.run();
			}
			else {
				loop.execute(task);
			}
		});
	}

}
