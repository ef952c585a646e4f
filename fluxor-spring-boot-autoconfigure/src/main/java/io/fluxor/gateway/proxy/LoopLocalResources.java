package io.fluxor.gateway.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The loop resources of a client that runs on one event loop of the server: every connection it
 * opens is registered on that loop, so a request proxied from a connection of the loop is written,
 * answered and relayed by one thread, without a hand-off to another loop. The loop belongs to the
 * server's resources: disposing these leaves it running.
 */
final class LoopLocalResources implements LoopResources {

	private final EventLoop loop;

	LoopLocalResources(EventLoop loop) {
		this.loop = loop;
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.loop;
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.loop;
	}

	@Override
	public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
		return LoopResources.super.onChannelClass(channelType, transportGroup(group));
	}

	@Override
	public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
		return LoopResources.super.onChannel(channelType, transportGroup(group));
	}

	/** Reactor Netty knows the native transports by their groups, not by one of their loops. */
	private static EventLoopGroup transportGroup(EventLoopGroup group) {
		return (group instanceof EventLoop eventLoop && eventLoop.parent() != null) ? eventLoop.parent() : group;
	}

	@Override
	public boolean isDisposed() {
		return false;
	}

	@Override
	public void dispose() {
	}

	@Override
	public Mono<Void> disposeLater() {
		return Mono.empty();
	}

}
