package app.provisioning.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Which webhook URLs are accepted. Names resolve through a fixed table here, so no test
 * asks real DNS; addresses written into the URL never need it.
 */
class EndpointAddressPolicyTest {

	private static final Map<String, List<String>> DNS = Map.of("hooks.example.com",
			List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"), "mixed.example.com",
			List.of("93.184.215.14", "10.1.2.3"), "metadata.example.com", List.of("169.254.169.254"), "localhost",
			List.of("127.0.0.1"), "admin.localhost", List.of("127.0.0.1"));

	private final EndpointAddressPolicy publicOnly = new EndpointAddressPolicy(false,
			EndpointAddressPolicyTest::lookUp);

	private final EndpointAddressPolicy privateAllowed = new EndpointAddressPolicy(true,
			EndpointAddressPolicyTest::lookUp);

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"https://127.0.0.1/hooks | host 127.0.0.1 is a loopback address (127.0.0.0/8)",
			"https://127.255.255.254/ | loopback address (127.0.0.0/8)",
			"https://0.0.0.0/ | a \"this host\" address (0.0.0.0/8)",
			"https://10.0.0.5/ | host 10.0.0.5 is a private address (10.0.0.0/8)",
			"https://172.16.0.1/ | private address (172.16.0.0/12)",
			"https://172.31.255.255/ | private address (172.16.0.0/12)",
			"https://192.168.1.1:8443/ | private address (192.168.0.0/16)",
			"https://169.254.169.254/latest/meta-data/ | the cloud metadata address (169.254.169.254)",
			"https://169.254.10.1/ | link-local address (169.254.0.0/16)",
			"https://100.100.100.200/ | the Alibaba Cloud metadata address",
			"https://100.64.0.1/ | carrier-grade NAT address (100.64.0.0/10)",
			"https://100.127.255.255/ | carrier-grade NAT address (100.64.0.0/10)",
			"https://224.0.0.1/ | multicast address (224.0.0.0/4)",
			"https://239.255.255.250/ | multicast address (224.0.0.0/4)",
			"https://255.255.255.255/ | reserved or broadcast address",
			"https://[::1]/ | host [::1] is the loopback address (::1)",
			"https://[0:0:0:0:0:0:0:1]/ | loopback address (::1)", "https://[::]/ | the unspecified address (::)",
			"https://[fc00::1]/ | unique local (private) address (fc00::/7)",
			"https://[fd12:3456:789a::1]/ | unique local (private) address (fc00::/7)",
			"https://[fd00:ec2::254]/ | the AWS metadata address (fd00:ec2::254)",
			"https://[fe80::1]/ | link-local address (fe80::/10)",
			"https://[febf:ffff::1]/ | link-local address (fe80::/10)",
			"https://[fec0::1]/ | site-local address (fec0::/10)", "https://[ff02::1]/ | multicast address (ff00::/8)",
			"https://[::ffff:127.0.0.1]/ | loopback address (127.0.0.0/8)",
			"https://[::ffff:7f00:1]/ | loopback address (127.0.0.0/8)",
			"https://[::ffff:10.0.0.5]/ | private address (10.0.0.0/8)",
			"https://[::ffff:169.254.169.254]/ | cloud metadata address (169.254.169.254)",
			"https://[::127.0.0.1]/ | loopback address (127.0.0.0/8) in IPv4-compatible IPv6 form",
			"https://[::a9fe:a9fe]/ | cloud metadata address (169.254.169.254) in IPv4-compatible IPv6 form",
			"https://[64:ff9b::10.0.0.5]/ | private address (10.0.0.0/8) in NAT64 (64:ff9b::/96) IPv6 form",
			"https://[2002:a9fe:a9fe::1]/ | cloud metadata address (169.254.169.254) in 6to4 (2002::/16) IPv6 form",
			"https://localhost/ | host localhost is this server itself",
			"https://LOCALHOST./ | host LOCALHOST. is this server itself",
			"https://admin.localhost:8443/ | host admin.localhost is this server itself",
			"https://mixed.example.com/ | host mixed.example.com resolves to 10.1.2.3, a private address (10.0.0.0/8)",
			"https://metadata.example.com/ | resolves to 169.254.169.254, the cloud metadata address" })
	void addressesOfTheServersOwnNetworksAreRefused(String url, String problem) {
		assertThatExceptionOfType(RefusedEndpointException.class).isThrownBy(() -> this.publicOnly.checkUrl(url))
			.withMessageContaining(problem)
			.withMessageContaining("unless the server's operator sets provisioning.webhooks.allow-private-addresses");
		assertThatNoException().isThrownBy(() -> this.privateAllowed.checkUrl(url.replace("https:", "http:")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://hooks.example.com/scim-events?tenant=42", "https://HOOKS.example.com./",
			"https://8.8.8.8/", "https://172.15.255.255/", "https://172.32.0.1/", "https://100.63.255.255/",
			"https://100.128.0.1/", "https://169.253.255.255/", "https://192.169.0.1/", "https://223.255.255.255/",
			"https://[2606:4700:4700::1111]:8443/", "https://[::ffff:8.8.8.8]/", "https://[2002:808:808::1]/",
			"https://[fbff::1]/", "https://[fe7f::1]/" })
	void publicAddressesAreAccepted(String url) {
		assertThatNoException().isThrownBy(() -> this.publicOnly.checkUrl(url));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "http://hooks.example.com/ | url must use https",
			"HTTP://hooks.example.com/ | url must use https", "ftp://hooks.example.com/ | url must use https, not ftp",
			"/webhooks | url must be absolute", "hooks.example.com/webhooks | url must be absolute",
			"https://user:password@hooks.example.com/ | must not contain a user name or password",
			"https://hooks.example.com@10.0.0.5/ | must not contain a user name or password",
			"https:hooks.example.com | url must name a host", "https:///webhooks | url must name a host",
			"https://under_score.example.com/ | url must name a host", "https://hooks.example.com:0/ | port 0",
			"https://hooks.example.com:65536/ | port 65536",
			"https://hooks example.com/ | url is not a valid URL: Illegal character in authority at index 8: https://hooks example.com/",
			"https://2130706433/ | not an IPv4 address in the usual form",
			"https://0x7f000001/ | not an IPv4 address in the usual form",
			"https://unknown.example.com/ | host unknown.example.com could not be resolved", "'' | url is missing" })
	void urlsThatAreNotPlainHttpsToAHostAreRefused(String url, String problem) {
		assertThatExceptionOfType(RefusedEndpointException.class).isThrownBy(() -> this.publicOnly.checkUrl(url))
			.withMessageContaining(problem);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "ftp://hooks.example.com/ | url must use https, not ftp",
					"https://user:password@hooks.example.com/ | must not contain a user name or password",
					"https://unknown.example.com/ | could not be resolved",
					"https://2130706433/ | not an IPv4 address in the usual form" })
	void allowingPrivateAddressesStillRefusesWhatCannotWork(String url, String problem) {
		assertThatExceptionOfType(RefusedEndpointException.class).isThrownBy(() -> this.privateAllowed.checkUrl(url))
			.withMessageContaining(problem);
	}

	@Test
	void urlsUpTo2048CharactersAreAccepted() {
		String start = "https://hooks.example.com/";
		String longest = start + "a".repeat(2048 - start.length());

		assertThatNoException().isThrownBy(() -> this.publicOnly.checkUrl(longest));
		assertThatExceptionOfType(RefusedEndpointException.class)
			.isThrownBy(() -> this.publicOnly.checkUrl(longest + "a"))
			.withMessage("url is 2049 characters long, more than the 2048 allowed");
		assertThatExceptionOfType(RefusedEndpointException.class)
			.isThrownBy(() -> this.publicOnly.checkAtDelivery(URI.create(longest + "a")));
	}

	@Test
	void localhostIsRefusedWithoutAskingDns() {
		List<String> asked = new ArrayList<>();
		EndpointAddressPolicy policy = new EndpointAddressPolicy(false, (host) -> {
			asked.add(host);
			return lookUp(host);
		});

		assertThatExceptionOfType(RefusedEndpointException.class)
			.isThrownBy(() -> policy.checkUrl("https://localhost/"));
		assertThatExceptionOfType(RefusedEndpointException.class)
			.isThrownBy(() -> policy.checkUrl("https://10.0.0.5/"));
		assertThat(asked).isEmpty();
	}

	@Test
	void aNameThatStartsAnsweringWithAPrivateAddressIsRefusedAtDelivery() {
		List<List<String>> answers = new ArrayList<>(List.of(List.of("93.184.215.14"), List.of("127.0.0.1")));
		EndpointAddressPolicy policy = new EndpointAddressPolicy(false, (host) -> addresses(answers.remove(0)));

		policy.checkUrl("https://rebind.example.com/hooks");

		assertThatExceptionOfType(RefusedEndpointException.class)
			.isThrownBy(() -> policy.checkAtDelivery(URI.create("https://rebind.example.com/hooks")))
			.withMessageStartingWith("host rebind.example.com resolves to 127.0.0.1, a loopback address");
	}

	@Test
	void deliveryGetsTheAddressesItChecked() {
		assertThat(this.publicOnly.checkAtDelivery(URI.create("https://hooks.example.com/scim")))
			.extracting(InetAddress::getHostAddress)
			.containsExactly("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
		assertThat(this.privateAllowed.checkAtDelivery(URI.create("http://localhost:8080/hooks")))
			.extracting(InetAddress::getHostAddress)
			.containsExactly("127.0.0.1");
		assertThat(this.privateAllowed.checkAtDelivery(URI.create("http://[::1]:8080/hooks")))
			.extracting(InetAddress::getHostAddress)
			.containsExactly("0:0:0:0:0:0:0:1");
	}

	@Test
	void deliveryChecksTheUrlAgainSoASettingTurnedOffApplies() {
		URI registeredWhileAllowed = URI.create("http://10.0.0.5:8080/hooks");

		assertThatExceptionOfType(RefusedEndpointException.class)
			.isThrownBy(() -> this.publicOnly.checkAtDelivery(registeredWhileAllowed))
			.withMessageContaining("url must use https");
	}

	@Test
	void ipv6AnswersCarryingAPrivateIpv4AddressAreRefused() throws UnknownHostException {
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		mapped[12] = 10;
		mapped[15] = 5;
		// Kept as IPv6 (the JDK turns a parsed ::ffff:a.b.c.d into IPv4 itself).
		InetAddress answer = Inet6Address.getByAddress(null, mapped, -1);
		EndpointAddressPolicy policy = new EndpointAddressPolicy(false, (host) -> new InetAddress[] { answer });

		assertThatExceptionOfType(RefusedEndpointException.class)
			.isThrownBy(() -> policy.checkUrl("https://mapped.example.com/"))
			.withMessageContaining("a private address (10.0.0.0/8) in IPv4-mapped IPv6 form");
	}

	@Test
	void theOperatorsConstructorReadsAddressLiteralsWithoutDns() {
		EndpointAddressPolicy policy = new EndpointAddressPolicy(false);

		assertThat(policy.checkAtDelivery(URI.create("https://8.8.8.8/hooks"))).extracting(InetAddress::getHostAddress)
			.containsExactly("8.8.8.8");
		assertThatExceptionOfType(RefusedEndpointException.class).isThrownBy(() -> policy.checkUrl("https://[::1]/"));
		assertThatExceptionOfType(RefusedEndpointException.class)
			.isThrownBy(() -> policy.checkUrl("https://hooks.localhost/"));
	}

	private static InetAddress[] lookUp(String host) throws UnknownHostException {
		List<String> answer = DNS.get(host.toLowerCase().replaceAll("\\.$", ""));
		if (answer == null) {
			throw new UnknownHostException(host);
		}
		return addresses(answer);
	}

	private static InetAddress[] addresses(List<String> literals) {
		return literals.stream().map(EndpointAddressPolicyTest::literal).toArray(InetAddress[]::new);
	}

	private static InetAddress literal(String address) {
		try {
			return InetAddress.getByName(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
