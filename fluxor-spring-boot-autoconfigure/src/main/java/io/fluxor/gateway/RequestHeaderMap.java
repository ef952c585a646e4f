package io.fluxor.gateway;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers of a received request as {@link HttpRequestMessage#headers()} shows them: a read-only
 * view of Netty's headers, so that a request whose target never reads a header builds no map, and
 * one whose filter changes a few headers ({@link HttpRequestMessage#withHeaders}) copies none.
 *
 * <p>Lookups go to the changes, then straight to Netty's headers, and, like them, ignore the case of
 * the name; repeated headers are joined with {@code ","}, and {@code Cookie} headers with
 * {@code "; "}, since cookie pairs are no comma-separated list (RFC 6265 §5.4, RFC 9113 §8.2.3).
 * Iterating builds the lower-case map once, on first use. The view relies on the received headers
 * never changing after the request is routed, which holds for the headers Reactor Netty decodes;
 * the event loop that reads them got them through the ring's publication, which orders the decoding
 * before the reads.
 */
public final class RequestHeaderMap extends AbstractMap<String, String> {

	// a value no header can hold by identity, so that a lookup needs no wrapper
	private static final String UNCHANGED = new String("unchanged");

	private static final String COOKIE = HttpHeaderNames.COOKIE.toString();

	// what iterating the headers joins repeated headers with, without a lambda per header
	private static final BinaryOperator<String> JOIN = (a, b) -> a + "," + b;

	private static final BinaryOperator<String> JOIN_COOKIES = (a, b) -> a + "; " + b;

	private final HttpHeaders headers;

	// lower-case names a filter set (to a value) or removed (to null); null when none
	private final Map<String, String> changes;

	private Map<String, String> entries;

	RequestHeaderMap(HttpHeaders headers) {
		this(headers, null);
	}

	private RequestHeaderMap(HttpHeaders headers, Map<String, String> changes) {
		this.headers = headers;
		this.changes = changes;
	}

	/**
	 * Returns a view with some headers set or removed, over the same received headers.
	 * @param changes values by header name, any case; a {@code null} value removes the header
	 * @return the changed view
	 */
	RequestHeaderMap with(Map<String, String> changes) {
		Map<String, String> merged = (this.changes != null) ? new HashMap<>(this.changes) : new HashMap<>();
		changes.forEach((name, value) -> merged.put(name.toLowerCase(Locale.ROOT), value));
		return new RequestHeaderMap(this.headers, merged);
	}

	/**
	 * Returns whether this is a view of the given received headers.
	 * @param received the headers of a request
	 * @return {@code true} when these are its headers, changed or not
	 */
	public boolean isViewOf(HttpHeaders received) {
		return this.headers == received;
	}

	/**
	 * Sets and removes, on headers copied from the received ones, what this view changed.
	 * @param target a copy of the received headers
	 */
	public void applyChangesTo(HttpHeaders target) {
		if (this.changes != null) {
			this.changes.forEach((name, value) -> {
				if (value != null) {
					target.set(name, value);
				}
				else {
					target.remove(name);
				}
			});
		}
	}

	@Override
	public String get(Object key) {
		if (!(key instanceof String name)) {
			return null;
		}
		String changed = change(name);
		if (changed != UNCHANGED) {
			return changed;
		}
		// one walk of Netty's bucket: get() would walk it too, and a repeated header again
		List<String> all = this.headers.getAll(name);
		return switch (all.size()) {
			case 0 -> null;
			case 1 -> all.get(0);
			default -> String.join(separator(name), all);
		};
	}

	private static String separator(String name) {
		return HttpHeaderNames.COOKIE.contentEqualsIgnoreCase(name) ? "; " : ",";
	}

	@Override
	public boolean containsKey(Object key) {
		if (!(key instanceof String name)) {
			return false;
		}
		String changed = change(name);
		return (changed != UNCHANGED) ? changed != null : this.headers.contains(name);
	}

	/** The value a change gave the header, {@code null} when removed, {@link #UNCHANGED} when none. */
	private String change(String name) {
		if (this.changes == null) {
			return UNCHANGED;
		}
		String lowerCase = name.toLowerCase(Locale.ROOT);
		return this.changes.containsKey(lowerCase) ? this.changes.get(lowerCase) : UNCHANGED;
	}

	@Override
	public boolean isEmpty() {
		return (this.changes != null) ? entries().isEmpty() : this.headers.isEmpty();
	}

	@Override
	public int size() {
		return entries().size();
	}

	@Override
	public Set<Entry<String, String>> entrySet() {
		return entries().entrySet();
	}

	/**
	 * The lower-case map, built on first use; threads racing to build it build equal immutable maps,
	 * safely published through their final fields.
	 */
	private Map<String, String> entries() {
		Map<String, String> entries = this.entries;
		if (entries == null) {
			entries = lowerCase(this.headers, this.changes);
			this.entries = entries;
		}
		return entries;
	}

	private static Map<String, String> lowerCase(HttpHeaders headers, Map<String, String> changes) {
		Map<String, String> map = new HashMap<>(headers.size() * 2);
		for (Iterator<Entry<String, String>> it = headers.iteratorAsString(); it.hasNext();) {
			Entry<String, String> header = it.next();
			String name = header.getKey().toLowerCase(Locale.ROOT);
			map.merge(name, header.getValue(), COOKIE.equals(name) ? JOIN_COOKIES : JOIN);
		}
		if (changes != null) {
			applyTo(changes, map);
		}
		return Map.copyOf(map);
	}

	/**
	 * Sets and removes headers in a map of lower-case names.
	 * @param changes values by header name, any case; a {@code null} value removes the header
	 * @param headers the map to change
	 */
	static void applyTo(Map<String, String> changes, Map<String, String> headers) {
		changes.forEach((name, value) -> {
			String lowerCase = name.toLowerCase(Locale.ROOT);
			if (value != null) {
				headers.put(lowerCase, value);
			}
			else {
				headers.remove(lowerCase);
			}
		});
	}

}
