package app.provisioning.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Makes a delivery connect to the addresses the {@link EndpointAddressPolicy} has just
 * checked, instead of letting the HTTP client resolve the name again (when a name's
 * answer changes between the check and the connection, the second answer is the one an
 * attacker chose). The client connects on the thread that sends, so the attempt leaves
 * its checked addresses with that thread for the length of the request.
 */
final class CheckedAddresses extends SystemDefaultDnsResolver {

	private record Checked(String host, InetAddress[] addresses) {
	}

	private static final ThreadLocal<Checked> CURRENT = new ThreadLocal<>();

	/** Runs a request whose connection, if a new one is made, goes to these addresses. */
	static <T, E extends Exception> T connectingTo(String host, List<InetAddress> addresses, Request<T, E> request)
			throws E {
		CURRENT.set(new Checked(unbracketed(host), addresses.toArray(InetAddress[]::new)));
		try {
			return request.run();
		}
		finally {
			CURRENT.remove();
		}
	}

	@FunctionalInterface
	interface Request<T, E extends Exception> {

		T run() throws E;

	}

	// A URI writes an IPv6 address in brackets, the client asks for it without.
	private static String unbracketed(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		Checked checked = CURRENT.get();
		if (checked != null && checked.host().equalsIgnoreCase(unbracketed(host))) {
			return checked.addresses().clone();
		}
		// Only a proxy the operator configured is resolved here: every receiver's name
		// was checked.
		return super.resolve(host);
	}

}
