package io.fluxor.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers cache hits on a connection before Reactor Netty sees the request, one per connection,
 * between the HTTP codec and Reactor Netty's handlers.
 *
 * <p>A hit is the gateway's cheapest answer, and Reactor Netty's per-request work (its request and
 * response objects, the subscription of the handler's publisher) is a large part of it. So a
 * {@code GET} or {@code HEAD} without a body, on a keep-alive HTTP/1.1 connection (no
 * {@code Connection} header but {@code keep-alive}), that
 * {@link GatewayRequestHandler#answerFromCache} can answer whole is written here; any other request
 * goes on to Reactor Netty. Responses keep the order of their requests: a request is answered here
 * only while Reactor Netty has no request of the connection left to answer, counted as the requests
 * passed on and the ends of the responses it writes.
 */
final class CacheHitShortcut extends ChannelDuplexHandler {

	/** The handler's name in the channel pipeline. */
	static final String NAME = "fluxor.cacheHitShortcut";

	private final GatewayRequestHandler handler;

	// requests passed on to Reactor Netty whose responses have not ended yet
	private int unanswered;

	// the request answered here has parts still to come (its empty last content), dropped
	private boolean dropping;

	// an informational response (100 Continue) is not the end of a request's answer
	private boolean informational;

	// what this read did: answered a request here (to flush), took messages that Reactor Netty will
	// not see, handed a message on to it
	private boolean answered;

	private boolean consumed;

	private boolean handedOn;

	CacheHitShortcut(GatewayRequestHandler handler) {
		this.handler = handler;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.dropping) {
			this.dropping = !(msg instanceof LastHttpContent);
			ReferenceCountUtil.release(msg);
			this.consumed = true;
			return;
		}
		if (msg instanceof HttpRequest request) {
			FullHttpResponse hit = (this.unanswered == 0 && isAnswerable(request))
					? this.handler.answerFromCache(request) : null;
			if (hit != null) {
				this.dropping = !(msg instanceof LastHttpContent);
				ReferenceCountUtil.release(msg);
				ctx.write(hit, ctx.voidPromise());
				this.answered = true;
				this.consumed = true;
				return;
			}
			this.unanswered++;
		}
		this.handedOn = true;
		ctx.fireChannelRead(msg);
	}

	/**
	 * Whether the request may be answered here at all: well formed, HTTP/1.1 without
	 * {@code Connection} options but {@code keep-alive} (Reactor Netty applies the rules of
	 * {@code close} and upgrades), and without a body or an {@code Expect}.
	 */
	private static boolean isAnswerable(HttpRequest request) {
		HttpMethod method = request.method();
		if ((method != HttpMethod.GET && method != HttpMethod.HEAD) || !request.decoderResult().isSuccess()
				|| !HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
			return false;
		}
		HttpHeaders headers = request.headers();
		String connection = headers.get(HttpHeaderNames.CONNECTION);
		if ((connection != null && !isKeepAliveAlone(headers, connection)) || headers.contains(HttpHeaderNames.EXPECT)
				|| headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return false;
		}
		String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		return length == null || "0".equals(length);
	}

	/** Whether {@code Connection} says only what HTTP/1.1 means anyway, as browsers send it. */
	private static boolean isKeepAliveAlone(HttpHeaders headers, String connection) {
		return HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(connection.trim())
				&& headers.getAll(HttpHeaderNames.CONNECTION).size() == 1;
	}

	/**
	 * Flushes the answers of this read. Reactor Netty reads with auto-read off, asking for the next
	 * read when it is done with a request: when every request of this read was answered here, it
	 * saw none, so the next read is asked for here.
	 */
	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		if (this.answered) {
			this.answered = false;
			ctx.flush();
		}
		if (this.consumed && !this.handedOn && !ctx.channel().config().isAutoRead()) {
			ctx.read();
		}
		this.consumed = false;
		this.handedOn = false;
		ctx.fireChannelReadComplete();
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof HttpResponse response) {
			this.informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL
					&& !HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status());
		}
		if (msg instanceof LastHttpContent) {
			if (this.informational) {
				this.informational = false;
			}
			else if (this.unanswered > 0) {
				this.unanswered--;
			}
		}
		ctx.write(msg, promise);
	}

}
