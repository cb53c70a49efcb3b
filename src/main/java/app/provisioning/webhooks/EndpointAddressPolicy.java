package app.provisioning.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs webhooks may be sent to. Administrators enter the URL, so without this a
 * webhook could make the server call its own network: a database's HTTP port, an admin
 * interface, or a cloud metadata service that hands out credentials. Unless the operator
 * allows private addresses, only https to public addresses is accepted.
 * <p>
 * A name is resolved twice: at registration, so that the administrator hears about a
 * problem at once, and again before every delivery, because a name's answer can change
 * after it was checked (DNS rebinding). Delivery must then connect to the addresses
 * checked, not resolve the name a third time.
 */
public final class EndpointAddressPolicy {

	static final int MAX_URL_LENGTH = 2048;

	private static final String PUBLIC_ONLY = "; webhooks are sent only to public addresses unless the server's"
			+ " operator sets provisioning.webhooks.allow-private-addresses";

	private final boolean allowPrivate;

	private final Resolver resolver;

	/**
	 * @param allowPrivate {@code provisioning.webhooks.allow-private-addresses}: also
	 * plain http and any address, for tests, the zero-setup run, and receivers inside a
	 * private network
	 */
	public EndpointAddressPolicy(boolean allowPrivate) {
		this(allowPrivate, InetAddress::getAllByName);
	}

	EndpointAddressPolicy(boolean allowPrivate, Resolver resolver) {
		this.allowPrivate = allowPrivate;
		this.resolver = resolver;
	}

	/**
	 * Checks a URL an administrator registers.
	 * @throws RefusedEndpointException naming what is wrong with it
	 */
	public void checkUrl(String url) {
		if (url == null || url.isBlank()) {
			throw new RefusedEndpointException("url is missing");
		}
		URI uri;
		try {
			uri = new URI(checkLength(url));
		}
		catch (URISyntaxException ex) {
			throw new RefusedEndpointException("url is not a valid URL: " + ex.getMessage());
		}
		addresses(uri);
	}

	/**
	 * Checks a registered URL again just before a delivery, with a fresh resolution.
	 * @return the addresses the delivery may connect to
	 * @throws RefusedEndpointException when the URL, or any address its host now resolves
	 * to, is refused, or the host does not resolve
	 */
	public List<InetAddress> checkAtDelivery(URI uri) {
		if (uri == null) {
			throw new RefusedEndpointException("url is missing");
		}
		checkLength(uri.toString());
		return addresses(uri);
	}

	private static String checkLength(String url) {
		if (url.length() > MAX_URL_LENGTH) {
			throw new RefusedEndpointException(
					"url is " + url.length() + " characters long, more than the " + MAX_URL_LENGTH + " allowed");
		}
		return url;
	}

	private List<InetAddress> addresses(URI uri) {
		checkShape(uri);
		String host = uri.getHost();
		if (host.startsWith("[")) {
			return List.of(allowed(host, IpLiterals.ipv6(host)));
		}
		String name = host.toLowerCase(Locale.ROOT);
		name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
		if (IpLiterals.endsInNumber(name)) {
			return List.of(allowed(host, IpLiterals.ipv4(host, name)));
		}
		if (!this.allowPrivate && (name.equals("localhost") || name.endsWith(".localhost"))) {
			throw new RefusedEndpointException("host " + host + " is this server itself" + PUBLIC_ONLY);
		}
		InetAddress[] resolved = resolve(host);
		for (InetAddress address : resolved) {
			Optional<String> refusal = refusal(address);
			if (refusal.isPresent()) {
				throw new RefusedEndpointException("host " + host + " resolves to " + address.getHostAddress() + ", "
						+ refusal.get() + PUBLIC_ONLY);
			}
		}
		return List.of(resolved);
	}

	private void checkShape(URI uri) {
		String scheme = uri.getScheme();
		if (scheme == null) {
			throw new RefusedEndpointException("url must be absolute, starting with https://");
		}
		if (scheme.equalsIgnoreCase("http") && !this.allowPrivate) {
			throw new RefusedEndpointException("url must use https, so that webhooks cannot be read or changed on"
					+ " the way; plain http is accepted only when the server's operator sets"
					+ " provisioning.webhooks.allow-private-addresses");
		}
		if (!scheme.equalsIgnoreCase("https") && !scheme.equalsIgnoreCase("http")) {
			throw new RefusedEndpointException("url must use https, not " + scheme);
		}
		if (uri.getRawUserInfo() != null) {
			throw new RefusedEndpointException(
					"url must not contain a user name or password (user:password@ before the host)");
		}
		if (uri.getHost() == null) {
			throw new RefusedEndpointException("url must name a host, as in https://hooks.example.com/scim;"
					+ " host names may contain only letters, digits, hyphens and dots");
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535) {
			throw new RefusedEndpointException("url has port " + uri.getPort() + ", which is not a valid port");
		}
	}

	private InetAddress[] resolve(String host) {
		try {
			InetAddress[] resolved = this.resolver.resolve(host);
			if (resolved.length > 0) {
				return resolved;
			}
		}
		catch (UnknownHostException ex) {
			// answered below, the same as an empty answer
		}
		throw new RefusedEndpointException(
				"host " + host + " could not be resolved; check the name, and that it is in public DNS");
	}

	private InetAddress allowed(String host, InetAddress address) {
		Optional<String> refusal = refusal(address);
		if (refusal.isPresent()) {
			throw new RefusedEndpointException("host " + host + " is " + refusal.get() + PUBLIC_ONLY);
		}
		return address;
	}

	private Optional<String> refusal(InetAddress address) {
		return this.allowPrivate ? Optional.empty() : NonPublicAddresses.kind(address);
	}

	/** Host name resolution; tests give names the answers they need. */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

}
