package io.fluxor.gateway;

/**
 * Checks header names given in configuration, which must be HTTP tokens (RFC 9110 §5.1): a name
 * no client can send, such as one with a space, would make a rule that never applies.
 */
public final class HeaderName {

	private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

	private HeaderName() {
	}

	/**
	 * Returns whether a header name, trimmed, is a non-empty HTTP token.
	 * @param name the name
	 * @return whether it is valid
	 */
	public static boolean isValid(String name) {
		if (name == null || name.isBlank()) {
			return false;
		}
		String trimmed = name.trim();
		for (int i = 0; i < trimmed.length(); i++) {
			char c = trimmed.charAt(i);
			boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| TOKEN_SYMBOLS.indexOf(c) >= 0;
			if (!valid) {
				return false;
			}
		}
		return true;
	}

}
