package app.provisioning.console;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import app.provisioning.platform.DatabaseOutage;
import app.provisioning.support.ScimIntegrationTest;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administration pages while their PostgreSQL (owned by this test) is stopped: a page that
 * says to come back, 503 with Retry-After, never a 500, a blank page or "not a valid admin key";
 * and the pages work again once the database is back.
 */
@DirtiesContext
class ConsoleDatabaseOutageTest extends ScimIntegrationTest {

	private static Path dataDirectory;

	private static int databasePort;

	private static EmbeddedPostgres postgres;

	@DynamicPropertySource
	static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
		dataDirectory = Files.createTempDirectory("console-outage-postgres");
		try (ServerSocket socket = new ServerSocket(0)) {
			databasePort = socket.getLocalPort();
		}
		postgres = startPostgres();
		String url = "jdbc:postgresql://localhost:" + databasePort + "/postgres";
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.hikari.jdbc-url", () -> url);
		registry.add("spring.datasource.hikari.username", () -> "postgres");
		registry.add("spring.datasource.hikari.password", () -> "");
		registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
	}

	private static EmbeddedPostgres startPostgres() throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(dataDirectory)
			.setCleanDataDirectory(false)
			.setPort(databasePort)
			.start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@Test
	void pagesAnswer503WithAFriendlyPageDuringAnOutageAndWorkAgainAfterIt() throws Exception {
		ConsoleHttp browser = new ConsoleHttp(this.port, null);
		String session = browser.session(ADMIN_KEY);
		assertThat(browser.get("/admin", session).statusCode()).isEqualTo(200);

		postgres.close();
		// A signed-in administrator: the session's admin key cannot be checked.
		assertUnavailablePage(browser.get("/admin", session));
		assertUnavailablePage(browser.get("/admin/accounts/" + java.util.UUID.randomUUID() + "/sync-log", session));
		// Signing in: the key cannot be checked, which is not the same as a wrong key.
		assertUnavailablePage(browser.signIn(ADMIN_KEY));
		// The sign-in form itself needs no database.
		assertThat(browser.get("/admin/login", null).statusCode()).isEqualTo(200);

		postgres = startPostgres();
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> browser.get("/admin", session).statusCode() == 200);
		assertThat(browser.signIn(ADMIN_KEY).statusCode()).isEqualTo(302);
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
