/**
 * Verification of bearer JWTs (Nimbus JOSE+JWT) for authentication and for {@code jwt:CLAIM} rate
 * limit keys: HMAC secrets or JWKS from a file or a URL, an algorithm allow-list, time and
 * issuer/audience checks, typed failures for {@code WWW-Authenticate}, and a bounded cache of
 * verified tokens (Caffeine, loaded only when the cache is on). Free of Spring.
 */
package io.fluxor.gateway.security;
