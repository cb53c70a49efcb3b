package app.provisioning.reconcile;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.FakeGraphUser;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "Sync this record": one record's user read from Graph now. */
class RecordSyncTest extends ReconcileTestSupport {

	private JsonNode sync(UUID accountId, Object recordId, int status) {
		ScimResponse synced = admin().send("POST", "/accounts/" + accountId + "/records/" + recordId + "/sync", null,
				Map.of());
		assertThat(synced.status()).as(synced.rawBody()).isEqualTo(status);
		return synced.body();
	}

	@Test
	void aRecordIsRefreshedThenFoundDeletedThenGone() {
		ScimClient scim = pushUsers(true, "fay@contoso.com");
		UUID accountId = scim.accountId();
		FakeGraphApp app = newApp();
		FakeGraphUser fay = app.tenant()
			.addUser("fay@contoso.com")
			.set("department", "Legal")
			.set("jobTitle", "Counsel");
		connect(accountId, app);
		Object recordId = record("person", accountId, "fay@contoso.com").get("id");

		JsonNode refreshed = sync(accountId, recordId, 200);
		assertThat(refreshed.path("entraState").asText()).isEqualTo("present");
		assertThat(refreshed.path("outcome").asText()).isEqualTo("updated");
		assertThat(refreshed.path("entraObjectId").asText()).isEqualTo(fay.id());
		assertThat((String) record("person", accountId, "fay@contoso.com").get("fields")).contains("Legal")
			.contains("Counsel");
		assertThat(sync(accountId, recordId, 200).path("outcome").asText()).isEqualTo("unchanged");

		app.tenant().delete(fay);
		JsonNode deleted = sync(accountId, recordId, 200);
		assertThat(deleted.path("entraState").asText()).isEqualTo("deleted");
		assertThat(deleted.path("outcome").asText()).isEqualTo("deactivated");
		assertThat(record("person", accountId, "fay@contoso.com")).containsEntry("status", "inactive")
			.containsEntry("integration_status", "deleted_in_entra");

		app.tenant().purge(app.tenant().deletedUser(fay.id()).orElseThrow());
		JsonNode gone = sync(accountId, recordId, 200);
		assertThat(gone.path("entraState").asText()).isEqualTo("gone");
		assertThat(record("person", accountId, "fay@contoso.com")).containsEntry("integration_status",
				"gone_from_entra");
		String runId = gone.path("runId").asText();
		JsonNode run = admin().get("/accounts/" + accountId + "/reconciliation/runs/" + runId).body();
		assertThat(run.path("trigger").asText()).isEqualTo("record");
		assertThat(run.path("counts").path("flagged").asLong()).isEqualTo(1);
		assertThat(logEntries(accountId, "reconcile:" + runId, "deactivate")).isEqualTo(1);
	}

	@Test
	void aUserDeletedBeforeItsObjectIdWasKnownIsFoundInDeletedItemsByName() {
		ScimClient scim = pushUsers(true, "gil@contoso.com");
		FakeGraphApp app = newApp();
		app.tenant().delete(app.tenant().addUser("gil@contoso.com"));
		connect(scim.accountId(), app);
		Object recordId = record("person", scim.accountId(), "gil@contoso.com").get("id");
		assertThat(sync(scim.accountId(), recordId, 200).path("entraState").asText()).isEqualTo("deleted");
	}

	@Test
	void unknownRecordsAndAnUnreachableGraphAreClearErrors() {
		ScimClient scim = pushUsers(true, "hal@contoso.com");
		FakeGraphApp app = newApp();
		app.tenant().addUser("hal@contoso.com");
		connect(scim.accountId(), app);
		JsonNode missing = sync(scim.accountId(), UUID.randomUUID(), 404);
		assertThat(missing.path("detail").asText()).contains("not found");
		Object recordId = record("person", scim.accountId(), "hal@contoso.com").get("id");
		UUID other = this.accounts.createAccount("other-" + UUID.randomUUID());
		sync(other, recordId, 404);
		app.tenant().unavailable("/users", true);
		try {
			JsonNode down = sync(scim.accountId(), recordId, 502);
			assertThat(down.path("detail").asText()).contains("Microsoft Graph could not be read");
			assertThat(record("person", scim.accountId(), "hal@contoso.com")).containsEntry("status", "active");
		}
		finally {
			app.tenant().unavailable("/users", false);
		}
	}

}
