/**
 * Token-bucket rate limiting (Bucket4j) per route and per user, the user key taken from an ordered
 * list of {@link io.fluxor.gateway.ratelimit.KeySource key sources}, and the client address behind
 * trusted proxies. Decisions carry what a 429 response needs. Free of Spring.
 */
package io.fluxor.gateway.ratelimit;
