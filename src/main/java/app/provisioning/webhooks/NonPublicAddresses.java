package app.provisioning.webhooks;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Addresses that reach the server's own machine or networks rather than the internet:
 * loopback, private and link-local ranges, cloud metadata services, carrier-grade NAT,
 * multicast, and IPv6 forms that carry such an IPv4 address inside them.
 */
final class NonPublicAddresses {

	private static final byte[] AWS_IPV6_METADATA = { (byte) 0xfd, 0x00, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0, 0x02, 0x54 };

	private NonPublicAddresses() {
	}

	/** What kind of non-public address this is, e.g. "a private address (10.0.0.0/8)". */
	static Optional<String> kind(InetAddress address) {
		byte[] bytes = address.getAddress();
		return (bytes.length == 4) ? ipv4(bytes) : ipv6(bytes);
	}

	private static Optional<String> ipv4(byte[] bytes) {
		int a = bytes[0] & 0xff;
		int b = bytes[1] & 0xff;
		int c = bytes[2] & 0xff;
		int d = bytes[3] & 0xff;
		if (a == 169 && b == 254 && c == 169 && d == 254) {
			return Optional.of("the cloud metadata address (169.254.169.254)");
		}
		if (a == 100 && b == 100 && c == 100 && d == 200) {
			return Optional.of("the Alibaba Cloud metadata address (100.100.100.200)");
		}
		if (a == 0) {
			// Linux connects 0.0.0.0 to the machine itself.
			return Optional.of("a \"this host\" address (0.0.0.0/8)");
		}
		if (a == 127) {
			return Optional.of("a loopback address (127.0.0.0/8)");
		}
		if (a == 10) {
			return Optional.of("a private address (10.0.0.0/8)");
		}
		if (a == 172 && (b & 0xf0) == 16) {
			return Optional.of("a private address (172.16.0.0/12)");
		}
		if (a == 192 && b == 168) {
			return Optional.of("a private address (192.168.0.0/16)");
		}
		if (a == 169 && b == 254) {
			return Optional.of("a link-local address (169.254.0.0/16)");
		}
		if (a == 100 && (b & 0xc0) == 64) {
			return Optional.of("a carrier-grade NAT address (100.64.0.0/10)");
		}
		if ((a & 0xf0) == 224) {
			return Optional.of("a multicast address (224.0.0.0/4)");
		}
		if ((a & 0xf0) == 240) {
			return Optional.of("a reserved or broadcast address (240.0.0.0/4)");
		}
		return Optional.empty();
	}

	private static Optional<String> ipv6(byte[] bytes) {
		if (Arrays.equals(bytes, AWS_IPV6_METADATA)) {
			return Optional.of("the AWS metadata address (fd00:ec2::254)");
		}
		if (zeros(bytes, 0, 15) && (bytes[15] == 0 || bytes[15] == 1)) {
			return Optional.of((bytes[15] == 0) ? "the unspecified address (::)" : "the loopback address (::1)");
		}
		if (zeros(bytes, 0, 10) && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
			return embedded(bytes, 12, "IPv4-mapped");
		}
		if (zeros(bytes, 0, 12)) {
			return embedded(bytes, 12, "IPv4-compatible");
		}
		if (bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b
				&& zeros(bytes, 4, 12)) {
			return embedded(bytes, 12, "NAT64 (64:ff9b::/96)");
		}
		if (bytes[0] == 0x20 && bytes[1] == 0x02) {
			return embedded(bytes, 2, "6to4 (2002::/16)");
		}
		if ((bytes[0] & 0xfe) == 0xfc) {
			return Optional.of("a unique local (private) address (fc00::/7)");
		}
		if (bytes[0] == (byte) 0xfe && (bytes[1] & 0xc0) == 0x80) {
			return Optional.of("a link-local address (fe80::/10)");
		}
		if (bytes[0] == (byte) 0xfe && (bytes[1] & 0xc0) == 0xc0) {
			return Optional.of("a site-local address (fec0::/10)");
		}
		if (bytes[0] == (byte) 0xff) {
			return Optional.of("a multicast address (ff00::/8)");
		}
		return Optional.empty();
	}

	// Connecting to these IPv6 forms can reach the IPv4 address inside them.
	private static Optional<String> embedded(byte[] bytes, int from, String form) {
		return ipv4(Arrays.copyOfRange(bytes, from, from + 4)).map((kind) -> kind + " in " + form + " IPv6 form");
	}

	private static boolean zeros(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

}
