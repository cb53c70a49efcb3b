package app.provisioning.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Addresses written into a URL instead of a name, read without asking DNS. IPv4 is
 * accepted only as four decimal numbers: other spellings (2130706433, 0x7f.1, 0177.0.0.1)
 * are read differently by different HTTP clients, which is how address checks get
 * bypassed.
 */
final class IpLiterals {

	// Compiled once: every delivery to an address URL is checked with it.
	private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

	private IpLiterals() {
	}

	/**
	 * Whether a host is meant as an IPv4 address: its last label is a number, the rule
	 * browsers follow (WHATWG URL), since no real top-level domain is numeric.
	 */
	static boolean endsInNumber(String name) {
		String last = name.substring(name.lastIndexOf('.') + 1);
		if (last.startsWith("0x")) {
			return last.substring(2).chars().allMatch((c) -> Character.digit(c, 16) >= 0);
		}
		return !last.isEmpty() && last.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	static InetAddress ipv4(String host, String name) {
		String[] parts = name.split("\\.", -1);
		byte[] bytes = new byte[4];
		boolean dotted = parts.length == 4;
		for (int i = 0; dotted && i < 4; i++) {
			String part = parts[i];
			dotted = OCTET.matcher(part).matches() && Integer.parseInt(part) <= 255;
			bytes[i] = dotted ? (byte) Integer.parseInt(part) : 0;
		}
		if (!dotted) {
			throw new RefusedEndpointException("host " + host + " is not an IPv4 address in the usual form;"
					+ " write it as four numbers from 0 to 255, as in 203.0.113.7");
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("four bytes are always an IPv4 address", ex);
		}
	}

	/** A bracketed IPv6 literal; the JDK reads these without DNS. */
	static InetAddress ipv6(String host) {
		try {
			return InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			throw new RefusedEndpointException("host " + host + " is not a valid IPv6 address");
		}
	}

}
