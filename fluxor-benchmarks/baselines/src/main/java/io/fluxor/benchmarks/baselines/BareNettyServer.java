package io.fluxor.benchmarks.baselines;

import java.nio.charset.StandardCharsets;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The floor under the baselines: a plain Netty server, no Reactor Netty, answering {@code hello}
 * from memory to every request, with the transport and loop count Reactor Netty picks by default
 * (epoll when available, {@code max(cores, 4)} loops). Compared with {@link BareReactorNettyServer},
 * it shows what Reactor Netty's own handling of a request costs, which a gateway built on it cannot
 * save by answering a cache hit further down.
 *
 * <p>Usage: {@code java -cp baselines.jar io.fluxor.benchmarks.baselines.BareNettyServer [host] [port]}
 * (defaults {@code 127.0.0.1} and {@code 0}). Once bound it prints
 * {@code BareNettyServer listening on HOST:PORT} and serves until it is killed.
 */
public final class BareNettyServer {

	private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

	private BareNettyServer() {
	}

	/**
	 * Starts the server and blocks until the process ends.
	 * @param args optional host and port
	 * @throws InterruptedException if interrupted while binding or serving
	 */
	public static void main(String[] args) throws InterruptedException {
		String host = (args.length > 0) ? args[0] : "127.0.0.1";
		int port = (args.length > 1) ? Integer.parseInt(args[1]) : 0;
		int loops = Math.max(Runtime.getRuntime().availableProcessors(), 4);
		boolean epoll = Epoll.isAvailable();
		EventLoopGroup group = epoll ? new EpollEventLoopGroup(loops) : new NioEventLoopGroup(loops);
		Channel server = new ServerBootstrap().group(group)
			.channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline().addLast(new HttpServerCodec()).addLast(new HelloHandler());
				}
			})
			.bind(host, port)
			.sync()
			.channel();
		System.out.println("BareNettyServer listening on " + server.localAddress().toString().replaceFirst("^/", ""));
		server.closeFuture().sync();
	}

	/** Answers each request once its head has arrived; a body, if any, is read and dropped. */
	private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {

		@Override
		protected void channelRead0(ChannelHandlerContext context, HttpObject message) {
			if (message instanceof HttpRequest request) {
				FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
						Unpooled.wrappedBuffer(HELLO));
				response.headers()
					.set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
					.set(HttpHeaderNames.CONTENT_LENGTH, HELLO.length);
				boolean keepAlive = HttpUtil.isKeepAlive(request);
				HttpUtil.setKeepAlive(response, keepAlive);
				ChannelFuture written = context.writeAndFlush(response);
				if (!keepAlive) {
					written.addListener(ChannelFutureListener.CLOSE);
				}
			}
		}

	}

}
