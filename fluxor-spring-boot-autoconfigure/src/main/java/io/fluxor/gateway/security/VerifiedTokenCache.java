package io.fluxor.gateway.security;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The tokens a {@link JwtVerifier} verified in full, with the times on which their validity still
 * depends; bounded in size (least recently used evicted) and in age since verification.
 * <p>
 * A class of its own so that Caffeine, an optional dependency, is loaded only when the verifier
 * builds one (cache size above zero).
 */
final class VerifiedTokenCache {

	private final Cache<String, Entry> entries;

	VerifiedTokenCache(int maxEntries, Duration ttl, LongSupplier nanoTime) {
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfterWrite(ttl)
			.ticker(nanoTime::getAsLong)
			.executor(Runnable::run)
			.build();
	}

	Entry get(String token) {
		return this.entries.getIfPresent(token);
	}

	void put(String token, Entry entry) {
		this.entries.put(token, entry);
	}

	void remove(String token) {
		this.entries.invalidate(token);
	}

	long size() {
		this.entries.cleanUp();
		return this.entries.estimatedSize();
	}

	/**
	 * A successful verification and the time claims to check again on each hit.
	 * @param verification the valid result
	 * @param expiresAt {@code exp} in epoch millis, {@link Long#MAX_VALUE} when absent
	 * @param notBefore {@code nbf} in epoch millis, {@link Long#MIN_VALUE} when absent
	 */
	record Entry(JwtVerification verification, long expiresAt, long notBefore) {
	}

}
