package io.fluxor.gateway.ratelimit;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a user key is read from, as written in configuration: {@code header:NAME},
 * {@code query:NAME}, {@code cookie:NAME}, {@code form:NAME}, {@code basic-auth},
 * {@code jwt:CLAIM} or {@code ip}. A {@link KeyResolver} tries a route's sources in order.
 *
 * @param kind the kind of source
 * @param name header, parameter, cookie, field or claim name; {@code null} for {@code basic-auth}
 * and {@code ip}
 */
public record KeySource(Kind kind, String name) {

	/** Allowed forms, for error messages and configuration hints. */
	public static final String ALLOWED_FORMS = "header:NAME, query:NAME, cookie:NAME, form:NAME, basic-auth, jwt:CLAIM, ip";

	/**
	 * Validates the source.
	 */
	public KeySource {
		Objects.requireNonNull(kind, "kind");
		if (kind.named && (name == null || name.isBlank())) {
			throw new IllegalArgumentException("Key source '" + kind.prefix + "' needs a name, as in '" + kind.prefix
					+ ":NAME'; allowed forms: " + ALLOWED_FORMS);
		}
		if (!kind.named && name != null) {
			throw new IllegalArgumentException("Key source '" + kind.prefix + "' takes no name; allowed forms: "
					+ ALLOWED_FORMS);
		}
	}

	/**
	 * Parses a configuration value such as {@code header:X-User-ID}. The prefix is
	 * case-insensitive, the name is kept as written.
	 * @param value the value
	 * @return the source
	 * @throws IllegalArgumentException naming the allowed forms if the value is not one of them
	 */
	public static KeySource parse(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Key source must not be empty; allowed forms: " + ALLOWED_FORMS);
		}
		String trimmed = value.trim();
		int colon = trimmed.indexOf(':');
		String prefix = ((colon < 0) ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
		String name = (colon < 0) ? null : trimmed.substring(colon + 1).trim();
		for (Kind kind : Kind.values()) {
			if (kind.prefix.equals(prefix)) {
				return new KeySource(kind, name);
			}
		}
		throw new IllegalArgumentException("Unknown key source '" + value + "'; allowed forms: " + ALLOWED_FORMS);
	}

	@Override
	public String toString() {
		return (this.name != null) ? this.kind.prefix + ":" + this.name : this.kind.prefix;
	}

	/**
	 * The kinds of key source.
	 */
	public enum Kind {

		/** A request header. */
		HEADER("header", true),

		/** A query parameter. */
		QUERY("query", true),

		/** A request cookie. */
		COOKIE("cookie", true),

		/** A field of a URL-encoded form body. */
		FORM("form", true),

		/**
		 * The user name of {@code Authorization: Basic}. Not checked against a password: an
		 * identity claim for bucketing, not authentication.
		 */
		BASIC_AUTH("basic-auth", false),

		/** A claim of a verified bearer JWT; unverifiable tokens yield nothing. */
		JWT("jwt", true),

		/** The client address, behind trusted proxies only. */
		IP("ip", false);

		private final String prefix;

		private final boolean named;

		Kind(String prefix, boolean named) {
			this.prefix = prefix;
			this.named = named;
		}

		/**
		 * Returns the configuration prefix, e.g. {@code basic-auth}.
		 * @return the prefix
		 */
		public String prefix() {
			return this.prefix;
		}

	}

}
