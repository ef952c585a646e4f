/**
 * Per-route response cache on Caffeine: keys scoped by route, method, path, query, vary headers
 * and user; upstream {@code Cache-Control} honoured; concurrent misses coalesced into one upstream
 * request; optional stale-while-revalidate. Free of Spring.
 */
package io.fluxor.gateway.cache;
