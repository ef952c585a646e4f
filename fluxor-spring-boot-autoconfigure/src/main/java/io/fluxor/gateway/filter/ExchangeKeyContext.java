package io.fluxor.gateway.filter;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fluxor.gateway.GatewayExchange;
import io.fluxor.gateway.HttpRequestMessage;
import io.fluxor.gateway.ratelimit.RequestKeyContext;
import io.fluxor.gateway.ratelimit.UrlEncodedForm;

/**
 * Adapts a {@link GatewayExchange} to the {@link RequestKeyContext} that key sources read. Created
 * per request only on routes with a user limit; cookies and form fields are parsed only when a
 * source asks for them, and the form body once.
 *
 * <p>The gateway joins repeated headers with {@code ","}, so {@link #headers(String)} returns at
 * most one value holding the whole list, which is how {@code X-Forwarded-For} is read anyway;
 * several {@code Cookie} headers are joined with {@code "; "}, so a cookie is found in any of them.
 */
final class ExchangeKeyContext implements RequestKeyContext {

	private final HttpRequestMessage request;

	private final InetSocketAddress peer;

	private Map<String, List<String>> form;

	ExchangeKeyContext(GatewayExchange exchange) {
		this.request = exchange.request();
		this.peer = exchange.remoteAddress();
	}

	@Override
	public String header(String name) {
		return this.request.headers().get(name.toLowerCase(Locale.ROOT));
	}

	@Override
	public List<String> headers(String name) {
		String value = header(name);
		return (value != null) ? List.of(value) : List.of();
	}

	@Override
	public String queryParameter(String name) {
		return this.request.queryParam(name);
	}

	@Override
	public String cookie(String name) {
		String header = this.request.headers().get("cookie");
		if (header == null) {
			return null;
		}
		int length = header.length();
		int start = 0;
		while (start < length) {
			int end = header.indexOf(';', start);
			if (end < 0) {
				end = length;
			}
			int equals = header.indexOf('=', start);
			if (equals > start && equals < end) {
				String candidate = header.substring(start, equals).trim();
				if (candidate.equals(name)) {
					String value = header.substring(equals + 1, end).trim();
					if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
						value = value.substring(1, value.length() - 1);
					}
					return value;
				}
			}
			start = end + 1;
		}
		return null;
	}

	@Override
	public String formField(String name) {
		if (this.form == null) {
			this.form = UrlEncodedForm.isForm(this.request.header("content-type"))
					? UrlEncodedForm.decode(this.request.body()) : Map.of();
		}
		List<String> values = this.form.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public InetAddress remoteAddress() {
		return (this.peer != null) ? this.peer.getAddress() : null;
	}

}
