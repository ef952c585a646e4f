package io.fluxor.gateway;

import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Checks the {@code Transfer-Encoding} of a request before anything of it is served (RFC 9112 §6.1,
 * §6.3). When the final coding is not {@code chunked}, the body's length cannot be known: Netty's
 * decoder then reads no body at all, and what the client sent as one takes the place of the next
 * request on the connection, the way requests are smuggled past a front end. Such a request is
 * answered 400, and one with a coding besides {@code chunked} (which the gateway does not decode, and
 * whose coded bytes it would pass on as plain) 501, both closing the connection: what follows on it
 * cannot be told apart from the body.
 */
final class TransferCodings {

	static final HttpResponseMessage NOT_CHUNKED_LAST = HttpResponseMessage
		.text(400, "Transfer-Encoding must end with chunked, once")
		.withHeader("connection", "close");

	static final HttpResponseMessage NOT_IMPLEMENTED = HttpResponseMessage
		.text(501, "Transfer codings other than chunked are not implemented")
		.withHeader("connection", "close");

	private TransferCodings() {
	}

	/**
	 * Returns the answer to a request whose transfer codings the gateway cannot serve.
	 * @param headers the request's headers, holding {@code Transfer-Encoding}
	 * @return the answer, or {@code null} when the only coding is {@code chunked}
	 */
	static HttpResponseMessage refusal(HttpHeaders headers) {
		List<String> values = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
		String last = null;
		int chunked = 0;
		int codings = 0;
		for (String value : values) {
			for (String coding : value.split(",")) {
				String name = coding.trim();
				if (!name.isEmpty()) {
					codings++;
					last = name;
					chunked += HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(name) ? 1 : 0;
				}
			}
		}
		if (last == null || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(last) || chunked > 1) {
			return NOT_CHUNKED_LAST;
		}
		return (codings == 1) ? null : NOT_IMPLEMENTED;
	}

}
