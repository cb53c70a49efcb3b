package app.provisioning.platform;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import app.provisioning.support.Prometheus;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import app.provisioning.support.StoppableDatabase;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL of this test's own, stopped under the running server: the server is not
 * ready (so a load balancer sends Entra elsewhere) but alive (so nobody restarts it), and
 * is ready again by itself once the database is back. The 503s it answered meanwhile are
 * counted.
 */
@DirtiesContext
class ReadinessDuringOutageTest extends ScimIntegrationTest {

	private static StoppableDatabase database;

	@DynamicPropertySource
	static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
		database = StoppableDatabase.started("readiness-postgres");
		database.useFor(registry, 2000);
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		database.stop();
	}

	private ScimClient probes() {
		return new ScimClient("http://localhost:" + this.port + "/actuator/health", null, null);
	}

	@Test
	void readinessIsDownAndLivenessUpWhileTheDatabaseIsDown() throws IOException {
		ScimClient scim = newTenant();
		assertThat(scim.post("/Users", userBody("before@outage.example")).status()).isEqualTo(201);
		assertThat(probes().get("/readiness").status()).isEqualTo(200);
		double outagesBefore = new Prometheus(this.port, ADMIN_KEY).value("database_outage_responses_total",
				Map.of("api", "scim"));

		database.stop();
		ScimResponse readiness = probes().get("/readiness");
		assertThat(readiness.status()).as(readiness.rawBody()).isEqualTo(503);
		assertThat(readiness.body().get("status").asText()).isEqualTo("DOWN");
		ScimResponse liveness = probes().get("/liveness");
		assertThat(liveness.status()).as(liveness.rawBody()).isEqualTo(200);
		assertThat(liveness.body().get("status").asText()).isEqualTo("UP");
		assertThat(probes().get("").status()).isEqualTo(503);
		assertThat(scim.post("/Users", userBody("during@outage.example")).status()).isEqualTo(503);

		database.start();
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> probes().get("/readiness").status() == 200);
		assertThat(probes().get("/liveness").status()).isEqualTo(200);
		assertThat(new Prometheus(this.port, ADMIN_KEY).value("database_outage_responses_total", Map.of("api", "scim")))
			.isEqualTo(outagesBefore + 1);
	}

}
