package io.fluxor.gateway.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.util.NetUtil;

/**
 * The proxies whose {@code X-Forwarded-For} the gateway believes, as CIDR ranges
 * ({@code 10.0.0.0/8}, {@code fd00::/8}, or single addresses). Only IP literals are accepted:
 * nothing here ever resolves a host name. An IPv4-mapped range ({@code ::ffff:10.0.0.0/104}) is
 * the IPv4 range it maps, since Java sees a mapped peer as an IPv4 address.
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
			if (prefix >= 96 && isIpv4Mapped(bytes)) {
				// peers and forwarded hops are IPv4 once mapped (InetAddress converts them), so the range must be too
				return new Range(Arrays.copyOfRange(bytes, 12, 16), prefix - 96);
			}
			return new Range(bytes, prefix);
		}

		private static boolean isIpv4Mapped(byte[] bytes) {
			if (bytes.length != 16 || bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
				return false;
			}
			for (int i = 0; i < 10; i++) {
				if (bytes[i] != 0) {
					return false;
				}
			}
			return true;
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
