package app.provisioning.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * A fake of the Microsoft identity platform's token endpoint and Microsoft Graph v1.0,
 * over real HTTPS on localhost, for tests that exercise the server's Graph client end to
 * end (MSAL4J included). One WireMock server per test JVM, answers computed from
 * in-memory tenants:
 *
 * <pre>
 * FakeGraphTenant tenant = FakeGraph.get().newTenant();
 * FakeGraphApp app = tenant.newApp("User.Read.All", "GroupMember.Read.All");
 * tenant.addUsers(20_000, (i) -&gt; "user" + i + "@contoso.com");
 * </pre>
 *
 * The server under test is pointed here with {@link #springProperties()}; its trust store
 * is this fake's self-signed key.
 */
public final class FakeGraph {

	private static FakeGraph instance;

	private final Map<String, FakeGraphTenant> tenants = new ConcurrentHashMap<>();

	private final FakeGraphKeystore keystore;

	private final WireMockServer server;

	private FakeGraph() {
		this.keystore = FakeGraphKeystore.generate();
		FakeGraphJwt jwt = new FakeGraphJwt();
		FakeGraphTransformer transformer = new FakeGraphTransformer(new FakeGraphTokenEndpoint(this::tenant, jwt),
				new FakeGraphApi(this::tenant, jwt));
		this.server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.httpDisabled(true)
			.httpsPort(0)
			.keystorePath(this.keystore.file().toString())
			.keystorePassword(this.keystore.password())
			.keyManagerPassword(this.keystore.password())
			.keystoreType("PKCS12")
			// tests count requests through the tenants; a journal of 20,000-user pages
			// would only eat memory
			.disableRequestJournal()
			.stubRequestLoggingDisabled(true)
			.extensions(transformer));
		this.server.start();
		this.server.stubFor(WireMock.any(WireMock.anyUrl())
			.willReturn(WireMock.aResponse().withTransformers(FakeGraphTransformer.NAME)));
	}

	/** The fake, started on first use and stopped when the JVM exits. */
	public static synchronized FakeGraph get() {
		if (instance == null) {
			instance = new FakeGraph();
			Runtime.getRuntime().addShutdownHook(new Thread(instance.server::stop, "fake-graph-stop"));
		}
		return instance;
	}

	/**
	 * {@code provisioning.graph.authority-host}: the identity platform, {@code /{tenant}}
	 * appended.
	 */
	public String authorityHost() {
		return "https://localhost:" + httpsPort();
	}

	/** {@code provisioning.graph.endpoint}: Graph's base, without {@code /v1.0}. */
	public String endpoint() {
		return "https://localhost:" + httpsPort();
	}

	public int httpsPort() {
		return this.server.httpsPort();
	}

	/**
	 * PKCS#12 file holding the fake's self-signed certificate (for localhost and
	 * 127.0.0.1).
	 */
	public Path trustStore() {
		return this.keystore.file();
	}

	public String trustStorePassword() {
		return this.keystore.password();
	}

	/** The server's {@code provisioning.graph.*} settings that lead it here. */
	public Map<String, String> springProperties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("provisioning.graph.authority-host", authorityHost());
		properties.put("provisioning.graph.endpoint", endpoint());
		properties.put("provisioning.graph.trust-store", trustStore().toString());
		properties.put("provisioning.graph.trust-store-password", trustStorePassword());
		return properties;
	}

	/** A new, empty tenant with a random ID. */
	public FakeGraphTenant newTenant() {
		return newTenant(UUID.randomUUID().toString());
	}

	public FakeGraphTenant newTenant(String tenantId) {
		FakeGraphTenant tenant = new FakeGraphTenant(tenantId);
		if (this.tenants.putIfAbsent(key(tenantId), tenant) != null) {
			throw new IllegalArgumentException("The fake already has tenant " + tenantId);
		}
		return tenant;
	}

	/**
	 * Forgets a tenant (its memory too): sign-ins then fail with AADSTS90002, its tokens
	 * with 401.
	 */
	public void remove(FakeGraphTenant tenant) {
		this.tenants.remove(key(tenant.id()), tenant);
	}

	FakeGraphTenant tenant(String tenantId) {
		return this.tenants.get(key(tenantId));
	}

	private static String key(String tenantId) {
		return tenantId.toLowerCase(Locale.ROOT);
	}

}
