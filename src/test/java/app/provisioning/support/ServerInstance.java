package app.provisioning.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;

import app.provisioning.ProvisioningApplication;
import app.provisioning.account.AccountService;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more server instance, started and stopped by a test, on a database the test names:
 * for what only several instances, or an instance's own shutdown, can show. It takes the
 * settings every test context has (admin key, encryption key, the fake Graph, short
 * reconcile timings).
 */
public final class ServerInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ServerInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Another instance on the database of the test's own context, as a cluster's second
	 * member.
	 * @param settings more command-line settings, {@code --name=value}
	 */
	public static ServerInstance beside(HikariDataSource dataSource, String... settings) {
		return start(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword(), settings);
	}

	/**
	 * @param settings more command-line settings, {@code --name=value}; they win over the
	 * test defaults
	 */
	public static ServerInstance start(String jdbcUrl, String username, String password, String... settings) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + username,
				"--spring.datasource.password=" + ((password != null) ? password : ""),
				"--provisioning.encryption.key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
				"--provisioning.admin.bootstrap-key=" + ScimIntegrationTest.ADMIN_KEY,
				"--provisioning.entra-token.jwks-uri=" + FakeEntra.jwksUri()));
		FakeGraph.get().springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		// A setting given twice on the command line becomes a list: the test's own
		// settings replace the defaults.
		ScimIntegrationTest.TEST_TIMINGS.forEach((name, value) -> {
			if (List.of(settings).stream().noneMatch((setting) -> setting.startsWith("--" + name + "="))) {
				arguments.add("--" + name + "=" + value);
			}
		});
		arguments.addAll(List.of(settings));
		return new ServerInstance(
				new SpringApplicationBuilder(ProvisioningApplication.class).run(arguments.toArray(String[]::new)));
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	/** A new account with a SCIM token, made through this instance. */
	public ScimClient newTenant() {
		AccountService accounts = this.context.getBean(AccountService.class);
		UUID accountId = accounts.createAccount("instance-" + UUID.randomUUID());
		return scim(accounts.issueScimToken(accountId, "test"), accountId);
	}

	/** The same account's client, sending to this instance. */
	public ScimClient scim(String token, UUID accountId) {
		return new ScimClient("http://localhost:" + port() + "/scim/v2", token, accountId);
	}

	public ScimClient admin() {
		return new ScimClient("http://localhost:" + port() + "/api", ScimIntegrationTest.ADMIN_KEY, null);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
