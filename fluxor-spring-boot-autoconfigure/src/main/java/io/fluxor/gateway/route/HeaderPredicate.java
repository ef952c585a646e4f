package io.fluxor.gateway.route;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

import io.fluxor.gateway.HeaderName;

/**
 * A condition on one request header that a {@link Route} may add to its path and methods: the
 * header equals a value exactly, or is merely present. Routes with more header predicates are more
 * specific than routes with the same path template and fewer, so a tenant route on {@code /api/**}
 * with {@code X-Tenant: acme} wins over the plain {@code /api/**} route.
 *
 * @param name the header name, lower-case
 * @param value the exact value required, or {@code null} when presence is enough
 */
public record HeaderPredicate(String name, String value) {

	/** The configuration value that asks only for the header's presence. */
	public static final String PRESENT = "*";

	/**
	 * Creates a predicate, checking and lower-casing the name.
	 * @param name the header name
	 * @param value the exact value, or {@code null} for presence
	 */
	public HeaderPredicate {
		Objects.requireNonNull(name, "name");
		if (name.isBlank()) {
			throw new IllegalArgumentException("header name must not be blank");
		}
		if (!HeaderName.isValid(name)) {
			throw new IllegalArgumentException("'" + name + "' is not a valid HTTP header name");
		}
		name = name.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * Creates a predicate from its configuration form: {@value #PRESENT} or an empty value means
	 * presence, anything else an exact match.
	 * @param name the header name
	 * @param value the value, {@value #PRESENT} or empty
	 * @return the predicate
	 */
	public static HeaderPredicate of(String name, String value) {
		return new HeaderPredicate(name, (value == null || value.isEmpty() || PRESENT.equals(value)) ? null : value);
	}

	/**
	 * Tests the request's headers.
	 * @param headers returns the first value of a header by name, or {@code null}
	 * @return whether the header is present and, if a value is required, equal to it
	 */
	public boolean test(Function<String, String> headers) {
		String actual = headers.apply(this.name);
		return (actual != null) && (this.value == null || this.value.equals(actual));
	}

	@Override
	public String toString() {
		return this.name + ((this.value != null) ? "=" + this.value : " present");
	}

}
