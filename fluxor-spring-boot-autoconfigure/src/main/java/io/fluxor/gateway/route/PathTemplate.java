package io.fluxor.gateway.route;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled path template such as {@code /users/{id}/orders}, {@code /users/:id}, {@code /files/*}
 * or {@code /static/**}.
 *
 * <p>A template holds no query, fragment or whitespace, which a request path never holds.
 *
 * <p>Segments are literals, parameters ({@code {name}} or {@code :name}, one non-empty segment),
 * {@code *} (one non-empty segment, not captured) or a trailing {@code **} (the rest of the path,
 * possibly empty). Empty segments are ignored on both sides, so {@code /a//b/} matches {@code /a/b}.
 *
 * <p>Matching walks the request path in place without splitting it, and captures nothing until the
 * whole path has matched, so a failed match allocates nothing. Parameter values are percent-decoded
 * as UTF-8; literals are compared with the raw path.
 */
public final class PathTemplate implements Comparable<PathTemplate> {

	private static final String[] NO_VALUES = new String[0];

	private final String template;

	private final Segment[] segments;

	private final String[] parameterNames;

	private PathTemplate(String template, Segment[] segments, String[] parameterNames) {
		this.template = template;
		this.segments = segments;
		this.parameterNames = parameterNames;
	}

	/**
	 * Compiles a template.
	 * @param template the template, starting with {@code /}
	 * @return the compiled template
	 * @throws IllegalArgumentException if the template is malformed, with the reason
	 */
	public static PathTemplate parse(String template) {
		if (template == null || template.isBlank()) {
			throw new IllegalArgumentException("must not be empty");
		}
		if (template.charAt(0) != '/') {
			throw new IllegalArgumentException("must start with '/' but was '" + template + "'");
		}
		// a request path holds none of these: the route would never match
		if (template.indexOf('?') >= 0 || template.indexOf('#') >= 0) {
			throw new IllegalArgumentException("must not hold a query or fragment but was '" + template + "'");
		}
		if (template.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException("must not hold whitespace but was '" + template + "'");
		}
		List<Segment> segments = new ArrayList<>();
		List<String> names = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		String[] parts = template.split("/");
		for (String part : parts) {
			if (part.isEmpty()) {
				continue;
			}
			if (!segments.isEmpty() && segments.get(segments.size() - 1).kind == Kind.REST) {
				throw new IllegalArgumentException("'**' is only allowed as the last segment of '" + template + "'");
			}
			Segment segment = Segment.of(part, template);
			if (segment.kind == Kind.PARAMETER) {
				if (!seen.add(segment.text)) {
					throw new IllegalArgumentException(
							"parameter '" + segment.text + "' appears twice in '" + template + "'");
				}
				names.add(segment.text);
			}
			segments.add(segment);
		}
		return new PathTemplate(template, segments.toArray(new Segment[0]), names.toArray(new String[0]));
	}

	/**
	 * Returns the template as written.
	 * @return the template, the label used in metrics
	 */
	public String template() {
		return this.template;
	}

	/**
	 * Returns the names of the parameters in order.
	 * @return the names
	 */
	public List<String> parameterNames() {
		return List.of(this.parameterNames);
	}

	/**
	 * Returns whether a path (without query string) matches, without capturing anything.
	 * @param path the raw request path
	 * @return {@code true} on a match
	 */
	public boolean matches(String path) {
		int pos = 0;
		int length = path.length();
		for (Segment segment : this.segments) {
			pos = skipSlashes(path, pos);
			if (segment.kind == Kind.REST) {
				return true;
			}
			if (pos >= length) {
				return false;
			}
			int end = segmentEnd(path, pos);
			if (segment.kind == Kind.LITERAL && (end - pos != segment.text.length()
					|| !path.regionMatches(pos, segment.text, 0, segment.text.length()))) {
				return false;
			}
			pos = end;
		}
		return skipSlashes(path, pos) == length;
	}

	/**
	 * Returns the parameters of a path that {@link #matches(String) matches}.
	 * @param path the raw request path
	 * @return the decoded parameter values by name, in template order
	 */
	public Map<String, String> extract(String path) {
		if (this.parameterNames.length == 0) {
			return Map.of();
		}
		if (this.parameterNames.length == 1) {
			return Map.of(this.parameterNames[0], values(path)[0]);
		}
		String[] values = values(path);
		Map<String, String> parameters = new LinkedHashMap<>(this.parameterNames.length * 2);
		for (int i = 0; i < values.length; i++) {
			parameters.put(this.parameterNames[i], values[i]);
		}
		return Collections.unmodifiableMap(parameters);
	}

	private String[] values(String path) {
		String[] values = (this.parameterNames.length == 0) ? NO_VALUES : new String[this.parameterNames.length];
		int pos = 0;
		int index = 0;
		for (Segment segment : this.segments) {
			pos = skipSlashes(path, pos);
			if (segment.kind == Kind.REST) {
				break;
			}
			int end = segmentEnd(path, pos);
			if (segment.kind == Kind.PARAMETER) {
				values[index++] = decode(path, pos, end);
			}
			pos = end;
		}
		return values;
	}

	/**
	 * Orders templates from the most to the least specific: segment by segment a literal beats a
	 * parameter, which beats {@code *}, which beats {@code **}; when one template is a prefix of the
	 * other, the longer one comes first, except that a template ending where the other goes on with a
	 * trailing {@code **} comes first ({@code /api} before {@code /api/**}, for the path {@code /api}).
	 * @param other the other template
	 * @return a negative number when this template is more specific
	 */
	@Override
	public int compareTo(PathTemplate other) {
		int common = Math.min(this.segments.length, other.segments.length);
		for (int i = 0; i < common; i++) {
			int diff = this.segments[i].kind.ordinal() - other.segments[i].kind.ordinal();
			if (diff != 0) {
				return diff;
			}
		}
		// the only path both can match ends where the shorter one does: there, ending beats a trailing **
		if (endsBefore(this, other)) {
			return -1;
		}
		if (endsBefore(other, this)) {
			return 1;
		}
		return other.segments.length - this.segments.length;
	}

	private static boolean endsBefore(PathTemplate shorter, PathTemplate longer) {
		return longer.segments.length == shorter.segments.length + 1
				&& longer.segments[shorter.segments.length].kind == Kind.REST;
	}

	/**
	 * Returns the one path this template matches when it holds only literal segments, written without
	 * empty segments ({@code /a/b}, or {@code /} for no segment).
	 * @return the path, or {@code null} when a segment is a parameter or wildcard
	 */
	String literalPath() {
		StringBuilder path = new StringBuilder();
		for (Segment segment : this.segments) {
			if (segment.kind != Kind.LITERAL) {
				return null;
			}
			path.append('/').append(segment.text);
		}
		return (path.length() == 0) ? "/" : path.toString();
	}

	@Override
	public String toString() {
		return this.template;
	}

	private static int skipSlashes(String path, int pos) {
		int length = path.length();
		while (pos < length && path.charAt(pos) == '/') {
			pos++;
		}
		return pos;
	}

	private static int segmentEnd(String path, int pos) {
		int end = path.indexOf('/', pos);
		return (end < 0) ? path.length() : end;
	}

	static String decode(String path, int start, int end) {
		int percent = path.indexOf('%', start);
		if (percent < 0 || percent >= end) {
			return path.substring(start, end);
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
		for (int i = start; i < end; i++) {
			char c = path.charAt(i);
			if (c == '%' && i + 2 < end && hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
				bytes.write((hex(path.charAt(i + 1)) << 4) | hex(path.charAt(i + 2)));
				i += 2;
			}
			else {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static int hex(char c) {
		return Character.digit(c, 16);
	}

	/** The kinds of segment, from the most to the least specific. */
	private enum Kind {

		LITERAL, PARAMETER, WILDCARD, REST

	}

	private record Segment(Kind kind, String text) {

		static Segment of(String part, String template) {
			if (part.equals("**")) {
				return new Segment(Kind.REST, part);
			}
			if (part.equals("*")) {
				return new Segment(Kind.WILDCARD, part);
			}
			if (part.startsWith("{") && part.endsWith("}")) {
				return new Segment(Kind.PARAMETER, name(part.substring(1, part.length() - 1), template));
			}
			if (part.startsWith(":")) {
				return new Segment(Kind.PARAMETER, name(part.substring(1), template));
			}
			if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0 || part.indexOf('*') >= 0) {
				throw new IllegalArgumentException("segment '" + part + "' of '" + template
						+ "' mixes a literal with a parameter or wildcard");
			}
			return new Segment(Kind.LITERAL, part);
		}

		private static String name(String name, String template) {
			if (name.isEmpty() || !name.chars().allMatch((c) -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
				throw new IllegalArgumentException("invalid parameter name '" + name + "' in '" + template + "'");
			}
			return name;
		}

	}

}
