package io.fluxor.gateway.ratelimit;

import java.util.function.BiConsumer;

/**
 * Outcome of one rate-limit check and the figures of the {@code X-RateLimit-*} headers: a rejected
 * request is answered 429 with {@link #HEADER_RETRY_AFTER} as well.
 *
 * @param allowed whether the request may proceed
 * @param scope limit checked
 * @param limit bucket capacity ({@code X-RateLimit-Limit})
 * @param remaining tokens left after this request ({@code X-RateLimit-Remaining})
 * @param resetSeconds seconds until the bucket is full again ({@code X-RateLimit-Reset}, relative)
 * @param retryAfterSeconds seconds until a token is available, at least 1 when rejected, 0 when
 * allowed ({@code Retry-After})
 */
public record RateLimitDecision(boolean allowed, RateLimitScope scope, long limit, long remaining,
		long resetSeconds, long retryAfterSeconds) {

	/** Header carrying the bucket capacity. */
	public static final String HEADER_LIMIT = "X-RateLimit-Limit";

	/** Header carrying the tokens left. */
	public static final String HEADER_REMAINING = "X-RateLimit-Remaining";

	/** Header carrying the seconds until the bucket is full. */
	public static final String HEADER_RESET = "X-RateLimit-Reset";

	/** Header carrying the seconds to wait before retrying, on 429 only. */
	public static final String HEADER_RETRY_AFTER = "Retry-After";

	/** HTTP status of a rejection. */
	public static final int STATUS_TOO_MANY_REQUESTS = 429;

	/**
	 * Hands each response header of this decision to {@code header}: the three
	 * {@code X-RateLimit-*} headers, and {@code Retry-After} when rejected.
	 * @param header receives name and value
	 */
	public void forEachHeader(BiConsumer<String, String> header) {
		header.accept(HEADER_LIMIT, Long.toString(this.limit));
		header.accept(HEADER_REMAINING, Long.toString(this.remaining));
		header.accept(HEADER_RESET, Long.toString(this.resetSeconds));
		if (!this.allowed) {
			header.accept(HEADER_RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		}
	}

}
