package io.fluxor.gateway.cache;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * A response and how it was obtained.
 *
 * @param response the response to send
 * @param result hit or miss, for the {@code X-Cache} header
 * @param stale whether the response is past its time to live (served within the
 * stale-while-revalidate window while a refresh runs)
 * @param ageSeconds for a hit, the {@code Age} it is sent with: the age the response arrived with
 * plus the time it has been stored; unused for a miss, which goes out as the upstream sent it
 */
public record CacheLookup(CachedResponse response, CacheResult result, boolean stale, long ageSeconds) {

	/**
	 * Sets the headers of the response on an outgoing response, as
	 * {@link CachedResponse#copyHeadersTo} does, and on a hit the {@code Age} a cache must send with
	 * a stored response (RFC 9111 §4), in place of any the upstream sent.
	 * @param target the outgoing response's headers
	 */
	public void copyHeadersTo(HttpHeaders target) {
		this.response.copyHeadersTo(target, this.result);
		if (this.result == CacheResult.HIT) {
			target.set(HttpHeaderNames.AGE, this.response.ageText(this.ageSeconds));
		}
	}

}
