package io.fluxor.gateway.ratelimit;

import java.net.InetAddress;
import java.util.List;

/**
 * The parts of a request that {@link KeySource key sources} read. The gateway adapts its request
 * to it; tests implement it directly. Every method returns {@code null} (or an empty list) for
 * what the request does not carry and must not block.
 */
public interface RequestKeyContext {

	/**
	 * Returns the first value of a header, matched case-insensitively.
	 * @param name header name
	 * @return the value, or {@code null}
	 */
	String header(String name);

	/**
	 * Returns every value of a header, in the order received (each may hold a comma-separated
	 * list).
	 * @param name header name
	 * @return the values, empty when absent
	 */
	List<String> headers(String name);

	/**
	 * Returns the first value of a query parameter, decoded.
	 * @param name parameter name
	 * @return the value, or {@code null}
	 */
	String queryParameter(String name);

	/**
	 * Returns the value of a request cookie.
	 * @param name cookie name
	 * @return the value, or {@code null}
	 */
	String cookie(String name);

	/**
	 * Returns the first value of a form field when the body is
	 * {@code application/x-www-form-urlencoded} and has been buffered (see
	 * {@link UrlEncodedForm}); {@code null} otherwise.
	 * @param name field name
	 * @return the value, or {@code null}
	 */
	String formField(String name);

	/**
	 * Returns the address of the direct peer (the client, or the last proxy).
	 * @return the address, or {@code null} if unknown
	 */
	InetAddress remoteAddress();

}
