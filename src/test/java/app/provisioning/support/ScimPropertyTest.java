package app.provisioning.support;

import net.jqwik.api.lifecycle.BeforeProperty;

import app.provisioning.account.AccountService;

import org.springframework.test.context.TestContextManager;

/**
 * Base of the jqwik property tests: the same running server (random port, real
 * PostgreSQL) as {@link ScimIntegrationTest}.
 * <p>
 * jqwik is a JUnit Platform engine of its own and runs no JUnit Jupiter extensions, so
 * the SpringExtension never sees these classes. Instead, before each property Spring's
 * own {@link TestContextManager} prepares the instance, as the extension would: it reads
 * the configuration inherited from {@link ScimIntegrationTest} ({@code @SpringBootTest},
 * its {@code @DynamicPropertySource}), takes the application context from Spring's
 * context cache and injects the port and beans. The configuration is identical, so a
 * property class shares the one server that the Jupiter tests of the same JVM use, and
 * starts one only when it runs first. This relies on nothing jqwik-specific beyond a
 * lifecycle hook, and nothing is stopped by hand: the context cache closes the server
 * when the JVM ends.
 */
public abstract class ScimPropertyTest extends ScimIntegrationTest {

	@BeforeProperty
	protected void prepareRunningServer() throws Exception {
		new TestContextManager(getClass()).prepareTestInstance(this);
	}

	/**
	 * A fresh account whose request-rate limit never answers a test's burst of requests
	 * with 429.
	 */
	protected ScimClient newUnthrottledTenant() {
		ScimClient tenant = newTenant();
		this.accounts.update(tenant.accountId(), new AccountService.AccountChanges(null, null, 1_000_000));
		return tenant;
	}

}
