package app.provisioning.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The host and port of a {@code jdbc:postgresql://} URL, and the URL with anything secret
 * removed, for messages about the database.
 */
final class DatabaseAddress {

	private DatabaseAddress() {
	}

	/**
	 * {@code host:port} (several, comma-separated, for a multi-host URL); PostgreSQL's
	 * default port if none.
	 */
	static String hostAndPort(String url) {
		int start = url.indexOf("//");
		if (start < 0) {
			return "localhost:5432";
		}
		String rest = url.substring(start + 2);
		int end = indexOfAny(rest, "/?");
		String hosts = (end < 0) ? rest : rest.substring(0, end);
		if (hosts.isEmpty()) {
			return "localhost:5432";
		}
		StringBuilder result = new StringBuilder();
		for (String host : hosts.split(",")) {
			boolean hasPort = host.lastIndexOf(':') > host.lastIndexOf(']');
			result.append((result.length() > 0) ? ", " : "").append(hasPort ? host : host + ":5432");
		}
		return result.toString();
	}

	/**
	 * Whether a plain TCP probe says anything about this URL: not when the driver
	 * connects through a socket factory of its own (a cloud SQL connector, a Unix socket)
	 * or the URL names no host, since then the host and port in the URL are not where the
	 * connection goes.
	 */
	static boolean probeable(String url) {
		String lower = url.toLowerCase(java.util.Locale.ROOT);
		if (lower.contains("socketfactory=")) {
			return false;
		}
		String rest = url.substring(url.indexOf(':', "jdbc:".length()) + 1);
		return rest.startsWith("//") && rest.length() > 2 && rest.charAt(2) != '/';
	}

	/** Why no host of the URL accepts a connection on its port; null when one does. */
	static String unreachable(String url, int timeoutMillis) {
		String reason = "no host";
		for (String address : hostAndPort(url).split(", ")) {
			int colon = address.lastIndexOf(':');
			String host = address.substring(0, colon).replace("[", "").replace("]", "");
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1))),
						timeoutMillis);
				return null;
			}
			catch (IOException | IllegalArgumentException ex) {
				reason = (ex instanceof java.net.UnknownHostException) ? "unknown host " + ex.getMessage()
						: String.valueOf(ex.getMessage());
			}
		}
		return reason;
	}

	/** Without parameters (they may hold a password) and without user information. */
	static String redact(String url) {
		int query = url.indexOf('?');
		String withoutQuery = (query < 0) ? url : url.substring(0, query) + "?…";
		return withoutQuery.replaceAll("//[^/@]*@", "//…@");
	}

	private static int indexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

}
