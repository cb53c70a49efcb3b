package app.provisioning.platform;

import java.util.Map;

import org.junit.jupiter.api.Test;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health probes an orchestrator calls without credentials, and nothing else of
 * Actuator open.
 */
class HealthEndpointsTest extends ScimIntegrationTest {

	private ScimClient anonymous() {
		return new ScimClient("http://localhost:" + this.port + "/actuator", null, null);
	}

	@Test
	void livenessAndReadinessAreUpWithoutCredentials() {
		for (String probe : new String[] { "/health/liveness", "/health/readiness", "/health" }) {
			ScimResponse response = anonymous().get(probe);
			assertThat(response.status()).as(probe + ": " + response.rawBody()).isEqualTo(200);
			assertThat(response.body().get("status").asText()).as(probe).isEqualTo("UP");
		}
	}

	@Test
	void healthShowsAnonymousCallersTheStatusOnly() {
		ScimResponse health = anonymous().get("/health");
		assertThat(health.body().has("components")).as(health.rawBody()).isFalse();
		assertThat(health.body().has("details")).isFalse();
		assertThat(health.rawBody()).doesNotContain("PostgreSQL").doesNotContain("diskSpace");
	}

	@Test
	void otherActuatorEndpointsAreClosedEvenToAnAdminKey() {
		ScimClient withAdminKey = new ScimClient("http://localhost:" + this.port + "/actuator", ADMIN_KEY, null);
		for (String endpoint : new String[] { "", "/env", "/beans", "/metrics", "/configprops", "/heapdump" }) {
			assertThat(anonymous().get(endpoint).status()).as(endpoint).isIn(401, 403);
			assertThat(withAdminKey.get(endpoint).status()).as(endpoint + " with an admin key").isIn(403, 404);
		}
		assertThat(anonymous().send("POST", "/shutdown", "{}", Map.of("Content-Type", "application/json")).status())
			.isIn(401, 403);
	}

}
