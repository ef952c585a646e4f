package io.fluxor.gateway.ratelimit;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Finds the client address of a request. {@code X-Forwarded-For} is read only when the direct
 * peer is a trusted proxy, and then from the right: each trusted hop is peeled off and the first
 * untrusted address is the client. Anything a client writes into the header itself sits to the
 * left of that address and is never reached, so a spoofed header changes nothing.
 */
public final class ClientAddressResolver {

	/** The header read. */
	public static final String X_FORWARDED_FOR = "X-Forwarded-For";

	private final TrustedProxies trustedProxies;

	/**
	 * Creates the resolver.
	 * @param trustedProxies proxies whose header is believed
	 */
	public ClientAddressResolver(TrustedProxies trustedProxies) {
		this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
	}

	/**
	 * Returns the client address of a request.
	 * @param request the request
	 * @return the address, or {@code null} when the peer is unknown
	 */
	public InetAddress resolve(RequestKeyContext request) {
		InetAddress peer = request.remoteAddress();
		if (peer == null || !this.trustedProxies.contains(peer)) {
			return peer;
		}
		List<String> headers = request.headers(X_FORWARDED_FOR);
		InetAddress client = peer;
		for (int h = headers.size() - 1; h >= 0; h--) {
			String[] hops = headers.get(h).split(",");
			for (int i = hops.length - 1; i >= 0; i--) {
				if (hops[i].isBlank()) {
					continue;
				}
				InetAddress hop = TrustedProxies.parseLiteral(hops[i]);
				if (hop == null) {
					// Garbage was written by whoever the last trusted hop forwarded for: stop there.
					return client;
				}
				client = hop;
				if (!this.trustedProxies.contains(hop)) {
					return hop;
				}
			}
		}
		return client;
	}

}
