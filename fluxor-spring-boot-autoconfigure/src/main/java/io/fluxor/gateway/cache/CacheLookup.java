package io.fluxor.gateway.cache;

/**
 * A response and how it was obtained.
 *
 * @param response the response to send
 * @param result hit or miss, for the {@code X-Cache} header
 * @param stale whether the response is past its time to live (served within the
 * stale-while-revalidate window while a refresh runs)
 */
public record CacheLookup(CachedResponse response, CacheResult result, boolean stale) {

}
