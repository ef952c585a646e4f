package io.fluxor.gateway.route;

import java.util.ArrayList;
import java.util.List;

/**
 * Normalizes a request path before it is routed and forwarded (RFC 3986 §6.2.2): percent-encoded
 * unreserved characters are decoded ({@code /%61dmin} is {@code /admin}) and dot segments removed
 * ({@code /public/../admin} is {@code /admin}), so that a route and its filters see the path the
 * upstream will serve and cannot be stepped around by spelling it differently. A path that an
 * upstream may read as another path is refused: an encoded slash or backslash ({@code %2F},
 * {@code %5C}; the gateway would route it as part of a segment while an upstream that decodes it reads
 * more segments), a backslash (read as a slash by some servers), a semicolon, raw or encoded (servlet
 * containers strip {@code ;name=value} path parameters: {@code /admin;x} is served as {@code /admin}
 * there, while the router matches it as a path of its own) and an encoded NUL. These are the
 * characters Spring Security's {@code StrictHttpFirewall} refuses by default, for the same reason.
 *
 * <p>A path holding none of {@code %}, {@code ;}, {@code \} and {@code /.} is returned as it is,
 * without allocating.
 */
public final class RequestPath {

	private RequestPath() {
	}

	/**
	 * Normalizes a path.
	 * @param path the raw path, starting with {@code /}, without query string
	 * @return the normalized path, or {@code null} when an upstream may read it as another path
	 */
	public static String normalize(String path) {
		if (path.indexOf(';') >= 0 || path.indexOf('\\') >= 0) {
			return null;
		}
		String decoded = (path.indexOf('%') < 0) ? path : decodeUnreserved(path);
		// a dot segment follows a slash: a dot elsewhere (report.v2.json) needs no look
		return (decoded == null || decoded.indexOf("/.") < 0) ? decoded : removeDotSegments(decoded);
	}

	private static String decodeUnreserved(String path) {
		StringBuilder decoded = new StringBuilder(path.length());
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			int value = (c == '%' && i + 2 < path.length()) ? hexByte(path.charAt(i + 1), path.charAt(i + 2)) : -1;
			if (value == '/' || value == '\\' || value == ';' || value == 0) {
				return null;
			}
			if (value >= 0 && isUnreserved((char) value)) {
				decoded.append((char) value);
				i += 2;
			}
			else {
				decoded.append(c);
			}
		}
		return decoded.toString();
	}

	/** RFC 3986 §5.2.4 on an absolute path: "." goes, ".." takes the segment before it along. */
	private static String removeDotSegments(String path) {
		String[] segments = path.substring(1).split("/", -1);
		boolean dots = false;
		for (String segment : segments) {
			dots |= segment.equals(".") || segment.equals("..");
		}
		if (!dots) {
			return path;
		}
		List<String> kept = new ArrayList<>(segments.length);
		for (String segment : segments) {
			if (segment.equals("..")) {
				if (!kept.isEmpty()) {
					kept.remove(kept.size() - 1);
				}
			}
			else if (!segment.equals(".")) {
				kept.add(segment);
			}
		}
		String last = segments[segments.length - 1];
		if (last.equals(".") || last.equals("..")) {
			// a path ending in a dot segment names a directory: it keeps its trailing slash
			kept.add("");
		}
		return "/" + String.join("/", kept);
	}

	private static int hexByte(char high, char low) {
		int h = Character.digit(high, 16);
		int l = Character.digit(low, 16);
		return (h < 0 || l < 0) ? -1 : (h << 4) | l;
	}

	private static boolean isUnreserved(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
