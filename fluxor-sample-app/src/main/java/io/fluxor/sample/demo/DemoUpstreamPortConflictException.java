package io.fluxor.sample.demo;

/**
 * A demo upstream could not bind its port, usually because another process (or another copy of the
 * sample) holds it.
 */
public class DemoUpstreamPortConflictException extends IllegalStateException {

	private final DemoUpstream upstream;

	private final int port;

	/**
	 * Creates the exception.
	 * @param upstream the upstream that could not bind
	 * @param port the port it asked for
	 * @param cause the bind failure
	 */
	public DemoUpstreamPortConflictException(DemoUpstream upstream, int port, Throwable cause) {
		super("Demo upstream '" + upstream.displayName() + "' cannot listen on " + DemoUpstreams.HOST + ":" + port
				+ " (" + rootMessage(cause) + "); free the port, move the upstreams with "
				+ DemoUpstreamsProperties.PREFIX + ".base-port, or turn them off with "
				+ DemoUpstreamsProperties.PREFIX + ".enabled=false", cause);
		this.upstream = upstream;
		this.port = port;
	}

	/**
	 * Returns the upstream that could not bind.
	 * @return the upstream
	 */
	public DemoUpstream upstream() {
		return this.upstream;
	}

	/**
	 * Returns the port it asked for.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

}
