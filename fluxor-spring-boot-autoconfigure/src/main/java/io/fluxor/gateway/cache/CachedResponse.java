package io.fluxor.gateway.cache;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;

/**
 * An upstream response held in memory: status, headers and the whole body. Immutable (but for a
 * memo of the last {@code Age} text sent, which no caller sees change): the body is
 * copied in once and handed out as a read-only view, so a hit costs no copy. Trade-off: bodies are
 * buffered whole, so only routes with bounded response sizes should be cached.
 */
public final class CachedResponse {

	/** The header that tells a client whether the cache answered: {@code HIT} or {@code MISS}. */
	public static final AsciiString X_CACHE = AsciiString.cached("x-cache");

	private final int status;

	private final HttpResponseStatus httpStatus;

	private final Map<String, List<String>> headers;

	private final byte[] body;

	// What a response of the cache sends, one set per CacheResult: the headers with the body's length
	// and X-Cache, validated once, for the fast bulk copy into a response (never handed out).
	private final HttpHeaders[] outgoing = new HttpHeaders[CacheResult.values().length];

	// The Age value last sent, which stays the same for a second of hits: a hit allocates no text for it.
	private volatile AgeValue lastAge = new AgeValue(0, "0");

	private CachedResponse(int status, Map<String, List<String>> headers, byte[] body) {
		this.status = status;
		this.httpStatus = HttpResponseStatus.valueOf(status);
		this.headers = headers;
		this.body = body;
		HttpHeaders sent = new DefaultHttpHeaders();
		headers.forEach(sent::add);
		sent.remove(HttpHeaderNames.TRANSFER_ENCODING);
		// the body held is the length sent; an empty one (a HEAD answer) keeps the length declared
		if (body.length > 0 || !sent.contains(HttpHeaderNames.CONTENT_LENGTH)) {
			sent.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
		}
		for (CacheResult result : CacheResult.values()) {
			this.outgoing[result.ordinal()] = new DefaultHttpHeaders().set(sent).set(X_CACHE, result.name());
		}
	}

	/**
	 * Creates a response, copying headers and body.
	 * @param status HTTP status
	 * @param headers headers by name, names kept as given and matched case-insensitively
	 * @param body body bytes
	 * @return the response
	 */
	public static CachedResponse of(int status, Map<String, List<String>> headers, byte[] body) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		return new CachedResponse(status, Collections.unmodifiableMap(copy), Objects.requireNonNull(body).clone());
	}

	/**
	 * Returns the HTTP status.
	 * @return the status
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Returns the HTTP status as Netty's object, looked up once.
	 * @return the status
	 */
	public HttpResponseStatus httpStatus() {
		return this.httpStatus;
	}

	/**
	 * Returns the text of an {@code Age} value, the same string for as long as the age stays the same.
	 * @param seconds the age in seconds
	 * @return its decimal text
	 */
	String ageText(long seconds) {
		AgeValue last = this.lastAge;
		if (last.seconds != seconds) {
			last = new AgeValue(seconds, Long.toString(seconds));
			this.lastAge = last;
		}
		return last.text;
	}

	/**
	 * Returns every header.
	 * @return an unmodifiable map of unmodifiable lists
	 */
	public Map<String, List<String>> headers() {
		return this.headers;
	}

	/**
	 * Sets the headers a response of the cache sends on an outgoing response: every stored header,
	 * {@code content-length} of the whole body and {@code X-Cache}. Headers the response holds
	 * already (a filter's, such as the rate limit's) win over stored ones of the same name; the
	 * {@code transfer-encoding: chunked} a Reactor Netty response starts with goes. When the response
	 * holds nothing else, the headers are set in bulk, without validating each value again.
	 * @param target the outgoing response's headers
	 * @param result the {@code X-Cache} value
	 */
	public void copyHeadersTo(HttpHeaders target, CacheResult result) {
		HttpHeaders outgoing = this.outgoing[result.ordinal()];
		target.remove(HttpHeaderNames.TRANSFER_ENCODING);
		if (target.isEmpty()) {
			target.set(outgoing);
			return;
		}
		for (String name : outgoing.names()) {
			if (!target.contains(name)) {
				target.add(name, outgoing.getAll(name));
			}
		}
		target.set(HttpHeaderNames.CONTENT_LENGTH, outgoing.get(HttpHeaderNames.CONTENT_LENGTH));
		target.set(X_CACHE, result.name());
	}

	/**
	 * Returns the values of a header, matched case-insensitively.
	 * @param name header name
	 * @return the values, empty when absent
	 */
	public List<String> headers(String name) {
		List<String> values = null;
		for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(name)) {
				if (values == null) {
					values = new ArrayList<>(entry.getValue());
				}
				else {
					values.addAll(entry.getValue());
				}
			}
		}
		return (values != null) ? values : List.of();
	}

	/**
	 * Returns the first value of a header, matched case-insensitively.
	 * @param name header name
	 * @return the value, or {@code null}
	 */
	public String header(String name) {
		List<String> values = headers(name);
		return values.isEmpty() ? null : values.get(0);
	}

	/**
	 * Returns a read-only view of the body; each call returns an independent position.
	 * @return the body
	 */
	public ByteBuffer body() {
		return ByteBuffer.wrap(this.body).asReadOnlyBuffer();
	}

	/**
	 * Returns the body as a buffer to write, over the stored bytes without a copy: each call returns a
	 * new read-only buffer, whose release (by the write, or none) leaves the stored bytes as they are.
	 * @return the body
	 */
	public ByteBuf content() {
		return Unpooled.wrappedBuffer(this.body).asReadOnly();
	}

	/**
	 * Returns the body length in bytes.
	 * @return the length
	 */
	public int bodyLength() {
		return this.body.length;
	}

	private record AgeValue(long seconds, String text) {

	}

	@Override
	public String toString() {
		return "CachedResponse[" + this.status + ", " + this.body.length + " bytes, headers "
				+ this.headers.keySet().toString().toLowerCase(Locale.ROOT) + "]";
	}

}
