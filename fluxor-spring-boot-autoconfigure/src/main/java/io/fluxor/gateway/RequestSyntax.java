package io.fluxor.gateway;

import java.util.Iterator;
import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The rules of HTTP/1.1 (RFC 9112) that a request must keep before anything of it is served, beyond
 * those Netty's decoder enforces; each broken one gets its 4xx or 5xx here, before routing.
 * <ul>
 * <li>The request target (§3.2): a fragment ({@code #}) has no place in it and is answered 400. The
 * router would match {@code /admin#x} as a path of its own (a {@code /**} route's, not
 * {@code /admin}'s) while an upstream that drops the fragment serves {@code /admin}: a way around the
 * route's authentication or rate limit.</li>
 * <li>{@code Host} (§3.2): an HTTP/1.1 request without one, with more than one, or with a value that
 * is no host and port is answered 400. Which of two hosts a request is for is what host-confusion
 * attacks play on: the gateway would forward the first as {@code X-Forwarded-Host}, a filter or an
 * upstream may read the other. A target in absolute form names the host in its authority, which is
 * what the gateway forwards (§3.2.2); one that is no host and port (empty, or with user
 * information, which RFC 9110 §4.2.4 has recipients treat as an error) is answered 400.</li>
 * <li>{@code Transfer-Encoding} (§6.1, §6.3): when the final coding is not {@code chunked}, the body's
 * length cannot be known: Netty's decoder then reads no body at all, and what the client sent as one
 * takes the place of the next request on the connection, the way requests are smuggled past a
 * front end. Such a request is answered 400, and one with a coding besides {@code chunked} (which the
 * gateway does not decode, and whose coded bytes it would pass on as plain) 501, both closing the
 * connection: what follows on it cannot be told apart from the body.</li>
 * </ul>
 */
final class RequestSyntax {

	static final HttpResponseMessage FRAGMENT = HttpResponseMessage.text(400,
			"A request target holds no fragment (#)");

	static final HttpResponseMessage BAD_HOST = HttpResponseMessage.text(400,
			"An HTTP/1.1 request needs exactly one Host, a host and optional port");

	static final HttpResponseMessage BAD_AUTHORITY = HttpResponseMessage.text(400,
			"The authority of an absolute request target must be a host and optional port");

	static final HttpResponseMessage NOT_CHUNKED_LAST = HttpResponseMessage
		.text(400, "Transfer-Encoding must end with chunked, once")
		.withHeader("connection", "close");

	static final HttpResponseMessage NOT_IMPLEMENTED = HttpResponseMessage
		.text(501, "Transfer codings other than chunked are not implemented")
		.withHeader("connection", "close");

	private RequestSyntax() {
	}

	/**
	 * Returns the answer to a request that breaks a rule.
	 * @param version the request's protocol version
	 * @param target the request target as received
	 * @param headers the request's headers
	 * @return the answer, or {@code null} when the request keeps the rules
	 */
	static HttpResponseMessage refusal(HttpVersion version, String target, HttpHeaders headers) {
		if (target.indexOf('#') >= 0) {
			return FRAGMENT;
		}
		String authority = RequestTarget.authority(target);
		if (authority != null && (authority.isEmpty() || !isHost(authority))) {
			return BAD_AUTHORITY;
		}
		Iterator<? extends CharSequence> hosts = headers.valueCharSequenceIterator(HttpHeaderNames.HOST);
		if (hosts.hasNext()) {
			if (!isHost(hosts.next()) || hosts.hasNext()) {
				return BAD_HOST;
			}
		}
		else if (HttpVersion.HTTP_1_1.equals(version)) {
			return BAD_HOST;
		}
		return headers.contains(HttpHeaderNames.TRANSFER_ENCODING) ? transferCodingRefusal(headers) : null;
	}

	/**
	 * Whether a value is a {@code Host}: {@code uri-host [ ":" port ]} (RFC 3986 §3.2.2), read as the
	 * characters those may hold (an IPv6 literal's brackets and colons included); empty is allowed for
	 * a target without an authority.
	 */
	private static boolean isHost(CharSequence value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~!$&'()*+,;=%:[]".indexOf(c) >= 0;
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	private static HttpResponseMessage transferCodingRefusal(HttpHeaders headers) {
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
