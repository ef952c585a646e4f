package io.fluxor.gateway;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers of a received request as {@link HttpRequestMessage#headers()} shows them: a read-only
 * view of Netty's headers, so that a request whose target never reads a header builds no map.
 *
 * <p>Lookups go straight to Netty's headers and, like them, ignore the case of the name; repeated
 * headers are joined with {@code ","}. Iterating builds the lower-case map once, on first use. The
 * view relies on the received headers never changing after the request is routed, which holds for
 * the headers Reactor Netty decodes; the event loop that reads them got them through the ring's
 * publication, which orders the decoding before the reads.
 */
final class RequestHeaderMap extends AbstractMap<String, String> {

	private final HttpHeaders headers;

	private Map<String, String> entries;

	RequestHeaderMap(HttpHeaders headers) {
		this.headers = headers;
	}

	@Override
	public String get(Object key) {
		if (!(key instanceof String name)) {
			return null;
		}
		// one walk of Netty's bucket: get() would walk it too, and a repeated header again
		List<String> all = this.headers.getAll(name);
		return switch (all.size()) {
			case 0 -> null;
			case 1 -> all.get(0);
			default -> String.join(",", all);
		};
	}

	@Override
	public boolean containsKey(Object key) {
		return (key instanceof String name) && this.headers.contains(name);
	}

	@Override
	public boolean isEmpty() {
		return this.headers.isEmpty();
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
			entries = lowerCase(this.headers);
			this.entries = entries;
		}
		return entries;
	}

	private static Map<String, String> lowerCase(HttpHeaders headers) {
		Map<String, String> map = new HashMap<>(headers.size() * 2);
		for (Iterator<Entry<String, String>> it = headers.iteratorAsString(); it.hasNext();) {
			Entry<String, String> header = it.next();
			map.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + "," + b);
		}
		return Map.copyOf(map);
	}

}
