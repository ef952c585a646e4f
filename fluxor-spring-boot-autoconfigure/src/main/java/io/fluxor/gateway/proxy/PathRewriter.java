package io.fluxor.gateway.proxy;

import java.util.regex.Pattern;

/**
 * Turns the request path into the path sent upstream: leading segments stripped, then a regular
 * expression replacement. Both are precompiled; a route without either returns the path as is.
 */
final class PathRewriter {

	private final int stripPrefix;

	private final Pattern pattern;

	private final String replacement;

	PathRewriter(int stripPrefix, Pattern pattern, String replacement) {
		this.stripPrefix = stripPrefix;
		this.pattern = pattern;
		this.replacement = replacement;
	}

	String rewrite(String path) {
		String result = (this.stripPrefix > 0) ? strip(path, this.stripPrefix) : path;
		if (this.pattern != null) {
			result = this.pattern.matcher(result).replaceAll(this.replacement);
			if (result.isEmpty() || result.charAt(0) != '/') {
				result = "/" + result;
			}
		}
		return result;
	}

	private static String strip(String path, int segments) {
		int pos = 0;
		int length = path.length();
		for (int i = 0; i < segments; i++) {
			while (pos < length && path.charAt(pos) == '/') {
				pos++;
			}
			while (pos < length && path.charAt(pos) != '/') {
				pos++;
			}
		}
		return (pos >= length) ? "/" : path.substring(pos);
	}

}
