package app.provisioning.reconcile;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;

import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.ScimClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Microsoft Graph hanging during a run: the call gives up at its timeout and is tried
 * again, the run then completes, and SCIM requests are answered all the while (Graph
 * calls have their own threads and hold no database connection while they wait). Users
 * Entra provisions while the run reads Graph are not judged gone for being absent from
 * it.
 */
class SlowGraphTest extends ReconcileTestSupport {

	@Test
	void hungGraphCallTimesOutAndIsRetriedWhileScimIsServed() {
		ScimClient scim = pushUsers(true, "kim@contoso.com", "lee@contoso.com");
		FakeGraphApp app = newApp();
		app.tenant().addUser("kim@contoso.com");
		app.tenant().addUser("lee@contoso.com").enabled(false);
		connect(scim.accountId(), app);
		ScimClient otherAccount = newTenant();
		// longer than the request timeout of the tests (10 s): that call hangs until our
		// side gives up
		app.tenant().slow("/users", Duration.ofSeconds(12));
		String runId;
		try {
			runId = syncNow(scim.accountId());
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> app.tenant().slowRequestsInFlight() > 0);
		}
		finally {
			app.tenant().slow("/users", null);
		}
		for (int i = 0; i < 10; i++) {
			assertThat(scim.post("/Users", userBody("during" + i + "@contoso.com")).status()).isEqualTo(201);
			assertThat(otherAccount.get("/Users?count=1").status()).isEqualTo(200);
		}
		assertThat(app.tenant().slowRequestsInFlight()).as("SCIM was served while the Graph call hung").isPositive();
		JsonNode run = awaitRun(scim.accountId(), runId);
		assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("completed");
		assertThat(run.path("attempts").asInt()).isEqualTo(1);
		assertThat(app.tenant().requests("/users")).as("the hung call was tried again").isGreaterThanOrEqualTo(2);
		assertThat(record("person", scim.accountId(), "lee@contoso.com")).containsEntry("status", "inactive");
		for (int i = 0; i < 10; i++) {
			assertThat(record("person", scim.accountId(), "during" + i + "@contoso.com"))
				.as("provisioned after the run began reading Graph, so its absence from the listing says nothing")
				.containsEntry("status", "active")
				.containsEntry("integration_status", "provisioned");
		}
	}

}
