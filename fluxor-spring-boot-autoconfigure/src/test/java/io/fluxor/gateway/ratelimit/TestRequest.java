package io.fluxor.gateway.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as key sources see it, built field by field.
 */
final class TestRequest implements RequestKeyContext {

	private final Map<String, List<String>> headers = new HashMap<>();

	private final Map<String, String> query = new HashMap<>();

	private final Map<String, String> cookies = new HashMap<>();

	private Map<String, List<String>> form = Map.of();

	private InetAddress peer;

	static TestRequest from(String peer) {
		TestRequest request = new TestRequest();
		try {
			request.peer = (peer != null) ? InetAddress.getByName(peer) : null;
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
		return request;
	}

	TestRequest header(String name, String value) {
		this.headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), (n) -> new ArrayList<>()).add(value);
		return this;
	}

	TestRequest query(String name, String value) {
		this.query.put(name, value);
		return this;
	}

	TestRequest cookie(String name, String value) {
		this.cookies.put(name, value);
		return this;
	}

	TestRequest form(String body) {
		this.form = UrlEncodedForm.decode(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return this;
	}

	@Override
	public String header(String name) {
		List<String> values = headers(name);
		return values.isEmpty() ? null : values.get(0);
	}

	@Override
	public List<String> headers(String name) {
		return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
	}

	@Override
	public String queryParameter(String name) {
		return this.query.get(name);
	}

	@Override
	public String cookie(String name) {
		return this.cookies.get(name);
	}

	@Override
	public String formField(String name) {
		List<String> values = this.form.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	@Override
	public InetAddress remoteAddress() {
		return this.peer;
	}

}
