package io.fluxor.gateway.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The loopback setup of the proxy tests, as a JUnit extension: real upstreams and gateways on
 * 127.0.0.1 and free ports, closed after each test in the order they were started, and one
 * {@link UpstreamClient} for the test class, disposed after the last test.
 *
 * <p>Register it on a static field so that the client lives as long as the class:
 * <pre>{@code
 * @RegisterExtension
 * static final UpstreamFixture upstreams = new UpstreamFixture();
 * }</pre>
 */
public final class UpstreamFixture implements AfterEachCallback, AfterAllCallback {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private UpstreamClient client;

	/**
	 * Starts an upstream that answers with a handler.
	 * @param handler the handler
	 * @return the upstream, closed after the test
	 */
	public TestUpstream upstream(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		return track(TestUpstream.start(handler));
	}

	/**
	 * Starts an upstream that answers 200 with a text.
	 * @param body the text
	 * @return the upstream, closed after the test
	 */
	public TestUpstream text(String body) {
		return track(TestUpstream.text(body));
	}

	/**
	 * Starts an upstream that answers with a status.
	 * @param status the status
	 * @return the upstream, closed after the test
	 */
	public TestUpstream status(int status) {
		return track(TestUpstream.status(status));
	}

	/**
	 * Starts an upstream that answers a status, with the body {@code slow STATUS}, after a delay.
	 * @param delay the time each answer waits
	 * @param status the status
	 * @return the upstream, closed after the test
	 */
	public TestUpstream delayed(Duration delay, int status) {
		return upstream((request, response) -> Mono.delay(delay)
			.then(response.status(status).sendString(Mono.just("slow " + status)).then()));
	}

	/**
	 * Returns the URL of a loopback port nothing listens on: connections to it are refused.
	 * @return the URL
	 * @throws IOException if no port could be found
	 */
	public static String closedPortUrl() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
	}

	/**
	 * Returns a builder of a gateway over this fixture's client; the gateway it starts is stopped
	 * after the test.
	 * @return the builder
	 */
	TestGateway.Builder gateway() {
		return TestGateway.builder(client()).onStart(this::track);
	}

	/**
	 * Starts a gateway with a single route {@code r} at a path.
	 * @param path the route's path template
	 * @param options the route's proxy options
	 * @return the gateway, stopped after the test
	 */
	TestGateway gateway(String path, ProxyOptions options) {
		return gateway().route("r", path, options).start();
	}

	/**
	 * Returns the client shared by the gateways of the test class.
	 * @return the client
	 */
	synchronized UpstreamClient client() {
		if (this.client == null) {
			this.client = UpstreamClient.create(UpstreamClientOptions.DEFAULTS);
		}
		return this.client;
	}

	/**
	 * Closes a resource after the test.
	 * @param <T> the resource type
	 * @param resource the resource
	 * @return the resource
	 */
	public synchronized <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		List<AutoCloseable> started;
		synchronized (this) {
			started = List.copyOf(this.resources);
			this.resources.clear();
		}
		for (AutoCloseable resource : started) {
			resource.close();
		}
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		if (this.client != null) {
			this.client.dispose();
			this.client = null;
		}
	}

}
