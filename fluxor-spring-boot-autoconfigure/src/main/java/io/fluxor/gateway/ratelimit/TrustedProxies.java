package io.fluxor.gateway.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.netty.util.NetUtil;

/**
 * The proxies whose {@code X-Forwarded-For} the gateway believes, as CIDR ranges
 * ({@code 10.0.0.0/8}, {@code fd00::/8}, or single addresses). Only IP literals are accepted:
 * nothing here ever resolves a host name.
 */
public final class TrustedProxies {

	private static final TrustedProxies NONE = new TrustedProxies(List.of());

	private final List<Range> ranges;

	private TrustedProxies(List<Range> ranges) {
		this.ranges = ranges;
	}

	/**
	 * Returns an empty list: {@code X-Forwarded-For} is never believed.
	 * @return no trusted proxy
	 */
	public static TrustedProxies none() {
		return NONE;
	}

	/**
	 * Parses CIDR ranges.
	 * @param cidrs ranges such as {@code 192.168.0.0/16}, {@code ::1/128} or {@code 10.1.2.3}
	 * @return the trusted proxies
	 * @throws IllegalArgumentException naming the first invalid range
	 */
	public static TrustedProxies of(List<String> cidrs) {
		List<Range> ranges = new ArrayList<>(cidrs.size());
		for (String cidr : cidrs) {
			ranges.add(Range.parse(cidr));
		}
		return new TrustedProxies(List.copyOf(ranges));
	}

	/**
	 * Returns whether an address lies in one of the ranges.
	 * @param address the address, may be {@code null}
	 * @return whether it is a trusted proxy
	 */
	public boolean contains(InetAddress address) {
		if (address == null) {
			return false;
		}
		byte[] bytes = address.getAddress();
		for (Range range : this.ranges) {
			if (range.contains(bytes)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns whether the list is empty.
	 * @return whether no proxy is trusted
	 */
	public boolean isEmpty() {
		return this.ranges.isEmpty();
	}

	/**
	 * Parses an IP literal without any name lookup; IPv4-mapped IPv6 literals become IPv4.
	 * @param text the literal, optionally {@code [bracketed]} and followed by {@code :port}
	 * @return the address, or {@code null} if the text is not an IP literal
	 */
	static InetAddress parseLiteral(String text) {
		String candidate = text.trim();
		if (candidate.startsWith("[")) {
			int end = candidate.indexOf(']');
			candidate = (end > 0) ? candidate.substring(1, end) : candidate;
		}
		else if (candidate.indexOf(':') > 0 && candidate.indexOf(':') == candidate.lastIndexOf(':')) {
			// IPv4 with a port: one colon only (IPv6 literals have at least two).
			candidate = candidate.substring(0, candidate.indexOf(':'));
		}
		byte[] bytes = NetUtil.createByteArrayFromIpAddressString(candidate);
		if (bytes == null) {
			return null;
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private record Range(byte[] network, int prefix) {

		static Range parse(String cidr) {
			String text = (cidr != null) ? cidr.trim() : "";
			int slash = text.indexOf('/');
			String host = (slash < 0) ? text : text.substring(0, slash);
			byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
			if (bytes == null) {
				throw new IllegalArgumentException("Trusted proxy '" + cidr
						+ "' is not an IP address or CIDR range such as 10.0.0.0/8 or fd00::/8");
			}
			int bits = bytes.length * 8;
			int prefix = bits;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(text.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > bits) {
					throw new IllegalArgumentException(
							"Trusted proxy '" + cidr + "' must have a prefix length between 0 and " + bits);
				}
			}
			return new Range(bytes, prefix);
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int full = this.prefix / 8;
			for (int i = 0; i < full; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (address[full] & mask) == (this.network[full] & mask);
		}

	}

}
