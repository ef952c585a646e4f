package io.fluxor.gateway.cache;

import java.util.List;

/**
 * Identity of a cached response. The route id scopes every key to its route; the user is part of
 * the key only when the route varies by user, and then a response never crosses users.
 *
 * @param routeId route the response belongs to
 * @param method request method, upper case
 * @param path request path
 * @param query raw query string, or {@code null}
 * @param vary values of the route's vary headers, in configuration order ({@code null} entries for
 * absent headers)
 * @param user user key, or {@code null} when the route does not vary by user
 */
public record CacheKey(String routeId, String method, String path, String query, List<String> vary, String user) {

}
