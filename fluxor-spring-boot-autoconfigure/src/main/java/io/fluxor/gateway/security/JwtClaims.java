package io.fluxor.gateway.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of a verified token, read-only, nested lists and maps included (the verifier's cache
 * shares one instance between the requests bearing the same token). Holds plain JSON values
 * (strings, numbers, booleans, lists, maps), so callers need not depend on Nimbus.
 */
public final class JwtClaims {

	private final Map<String, Object> claims;

	JwtClaims(Map<String, Object> claims) {
		this.claims = freeze(claims);
	}

	private static Map<String, Object> freeze(Map<?, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((name, value) -> copy.put((String) name, freezeValue(value)));
		return Collections.unmodifiableMap(copy);
	}

	private static Object freezeValue(Object value) {
		if (value instanceof Map<?, ?> map) {
			return freeze(map);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((element) -> copy.add(freezeValue(element)));
			return Collections.unmodifiableList(copy);
		}
		return value;
	}

	/**
	 * Returns a claim as text: strings as they are, numbers and booleans in their JSON form,
	 * anything else (lists, objects, absent) as {@code null}.
	 * @param name claim name
	 * @return the text, or {@code null}
	 */
	public String stringClaim(String name) {
		Object value = this.claims.get(name);
		if (value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value.toString();
		}
		return null;
	}

	/**
	 * Returns the {@code sub} claim.
	 * @return the subject, or {@code null}
	 */
	public String subject() {
		return stringClaim("sub");
	}

	/**
	 * Returns a claim as parsed.
	 * @param name claim name
	 * @return the value, or {@code null}
	 */
	public Object claim(String name) {
		return this.claims.get(name);
	}

	/**
	 * Returns every claim.
	 * @return an unmodifiable map
	 */
	public Map<String, Object> asMap() {
		return this.claims;
	}

	@Override
	public String toString() {
		return "JwtClaims" + this.claims.keySet();
	}

}
