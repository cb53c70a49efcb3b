package app.provisioning.support;

import java.util.UUID;

import app.provisioning.account.AccountService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the HTTP integration tests: the real server on a random port over a real
 * PostgreSQL. With {@code TEST_DATABASE_URL} set (plus {@code TEST_DATABASE_USERNAME} and
 * {@code TEST_DATABASE_PASSWORD}) the tests use that server; otherwise an embedded
 * PostgreSQL started from Maven Central binaries. Every test gets accounts of its own, so
 * tests never see each other's data and need no cleanup.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ScimIntegrationTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected AccountService accounts;

	@Autowired
	protected JdbcTemplate jdbcTemplate;

	/**
	 * The administration API key every test context accepts (set as ADMIN_BOOTSTRAP_KEY
	 * would be).
	 */
	public static final String ADMIN_KEY = "test-admin-key-for-integration-tests";

	/**
	 * Reconciliation timings short enough for tests: quick polling and retries, few
	 * attempts.
	 */
	public static final java.util.Map<String, String> TEST_TIMINGS = java.util.Map.ofEntries(
			java.util.Map.entry("provisioning.reconcile.poll-interval", "200ms"),
			java.util.Map.entry("provisioning.reconcile.schedule-check", "1s"),
			java.util.Map.entry("provisioning.reconcile.retry-delay", "1s"),
			java.util.Map.entry("provisioning.reconcile.max-attempts", "2"),
			java.util.Map.entry("provisioning.graph.max-attempts", "3"),
			java.util.Map.entry("provisioning.graph.max-retry-wait", "5s"),
			java.util.Map.entry("provisioning.graph.request-timeout", "10s"),
			// Webhook receivers in tests are local (WireMock), and retries come quickly.
			java.util.Map.entry("provisioning.webhooks.allow-private-addresses", "true"),
			java.util.Map.entry("provisioning.webhooks.poll-interval", "50ms"),
			java.util.Map.entry("provisioning.webhooks.first-retry", "50ms"),
			java.util.Map.entry("provisioning.webhooks.request-timeout", "2s"),
			java.util.Map.entry("provisioning.webhooks.lease", "4s"),
			// Alert tests evaluate the accounts they made themselves, when they choose.
			java.util.Map.entry("provisioning.alerts.check-every", "1h"));

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("provisioning.admin.bootstrap-key", () -> ADMIN_KEY);
		registry.add("provisioning.entra-token.jwks-uri", FakeEntra::jwksUri);
		registry.add("provisioning.encryption.key", () -> "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
		FakeGraph.get().springProperties().forEach((name, value) -> registry.add(name, () -> value));
		FakeMicrosoftLogin.get().springProperties().forEach((name, value) -> registry.add(name, () -> value));
		FakeMailServer.get().springProperties().forEach((name, value) -> registry.add(name, () -> value));
		TEST_TIMINGS.forEach((name, value) -> registry.add(name, () -> value));
		String url = System.getenv("TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			registry.add("spring.datasource.url", () -> url);
			registry.add("spring.datasource.username", () -> env("TEST_DATABASE_USERNAME", "postgres"));
			registry.add("spring.datasource.password", () -> env("TEST_DATABASE_PASSWORD", ""));
		}
		else {
			// Each test context (a class with other settings gets one) has a database of
			// its own: two servers in one data directory would break each other.
			String directory = "target/embedded-postgres-test/" + UUID.randomUUID();
			registry.add("provisioning.embedded-database.data-directory", () -> directory);
			registry.add("provisioning.embedded-database.clean-on-start", () -> "true");
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null) ? fallback : value;
	}

	/** A fresh account with its own SCIM token. */
	protected ScimClient newTenant() {
		UUID accountId = this.accounts.createAccount("test-" + UUID.randomUUID());
		String token = this.accounts.issueScimToken(accountId, "test");
		return new ScimClient(scimBaseUrl(), token, accountId);
	}

	/** A client of the administration API with the bootstrap admin key. */
	protected ScimClient admin() {
		return new ScimClient("http://localhost:" + this.port + "/api", ADMIN_KEY, null);
	}

	protected String scimBaseUrl() {
		return "http://localhost:" + this.port + "/scim/v2";
	}

	/** A minimal Entra-shaped create body. */
	protected static String userBody(String userName) {
		return """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
				 "userName":"%s","active":true,"displayName":"%s",
				 "emails":[{"primary":true,"type":"work","value":"%s"}]}
				""".formatted(userName, userName, userName);
	}

	protected static String groupBody(String displayName) {
		return """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"%s","members":[]}
				""".formatted(displayName);
	}

	protected static String patchBody(String operationsJson) {
		return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operationsJson
				+ "}";
	}

}
