package app.provisioning.console;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import app.provisioning.platform.DatabaseOutage;
import app.provisioning.support.Prometheus;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.StoppableDatabase;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration pages while their PostgreSQL (owned by this test) is stopped: a page
 * that says to come back, 503 with Retry-After, never a 500, a blank page or "not a valid
 * admin key"; and the pages work again once the database is back.
 */
@DirtiesContext
class ConsoleDatabaseOutageTest extends ScimIntegrationTest {

	private static StoppableDatabase database;

	@DynamicPropertySource
	static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
		database = StoppableDatabase.started("console-outage-postgres");
		database.useFor(registry, 1000);
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		database.stop();
	}

	@Test
	void pagesAnswer503WithAFriendlyPageDuringAnOutageAndWorkAgainAfterIt() throws Exception {
		ConsoleHttp browser = new ConsoleHttp(this.port, null);
		String session = browser.session(ADMIN_KEY);
		assertThat(browser.get("/admin", session).statusCode()).isEqualTo(200);
		double outagesBefore = pageOutages();

		database.stop();
		// A signed-in administrator: the session's admin key cannot be checked.
		assertUnavailablePage(browser.get("/admin", session));
		assertUnavailablePage(browser.get("/admin/accounts/" + java.util.UUID.randomUUID() + "/sync-log", session));
		// Signing in: the key cannot be checked, which is not the same as a wrong key.
		assertUnavailablePage(browser.signIn(ADMIN_KEY));
		// The sign-in form itself needs no database.
		assertThat(browser.get("/admin/login", null).statusCode()).isEqualTo(200);

		database.start();
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> browser.get("/admin", session).statusCode() == 200);
		assertThat(browser.signIn(ADMIN_KEY).statusCode()).isEqualTo(302);
		// An operator's alert on turned-away requests hears of the pages' too: the three
		// above and any polls that came before the database was back.
		assertThat(pageOutages()).isGreaterThanOrEqualTo(outagesBefore + 3);
	}

	private double pageOutages() {
		return new Prometheus(this.port, ADMIN_KEY).value("database_outage_responses_total", Map.of("api", "pages"));
	}

	private static void assertUnavailablePage(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After"))
			.contains(String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(response.body()).contains("The database cannot be reached; try again in a moment")
			.doesNotContain("not a valid admin key")
			.doesNotContain("Whitelabel")
			.doesNotContain("Exception");
		assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
	}

}
