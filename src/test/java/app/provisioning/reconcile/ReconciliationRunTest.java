package app.provisioning.reconcile;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.FakeGraphTenant;
import app.provisioning.support.FakeGraphUser;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Sync now" over users Entra pushed: what Graph says about each (present, disabled, soft
 * deleted, gone for good) lands on their records, in the sync log and in the run's
 * counts.
 */
class ReconciliationRunTest extends ReconcileTestSupport {

	private static final String PATCH_INACTIVE = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
			+ "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}";

	private record Setup(ScimClient scim, FakeGraphApp app, FakeGraphTenant tenant) {

		UUID account() {
			return this.scim.accountId();
		}

	}

	/**
	 * alice stays, bob is disabled, carol soft-deleted, dave purged; erin is in Entra but
	 * never pushed.
	 */
	private Setup pushedAndChangedInEntra() {
		ScimClient scim = pushUsers(true, "alice@contoso.com", "bob@contoso.com", "carol@contoso.com",
				"dave@contoso.com");
		FakeGraphApp app = newApp();
		FakeGraphTenant tenant = app.tenant();
		tenant.addUser("alice@contoso.com").set("department", "Sales");
		tenant.addUser("bob@contoso.com").enabled(false);
		tenant.delete(tenant.addUser("carol@contoso.com"));
		tenant.purge(tenant.addUser("dave@contoso.com"));
		tenant.addUser("erin@contoso.com");
		connect(scim.accountId(), app);
		return new Setup(scim, app, tenant);
	}

	@Test
	void disabledDeletedAndGoneUsersAreDeactivatedAndFlagged() {
		Setup setup = pushedAndChangedInEntra();
		JsonNode run = syncAndWait(setup.account());
		assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("completed");
		assertThat(run.path("trigger").asText()).isEqualTo("manual");
		JsonNode counts = run.path("counts");
		assertThat(counts.path("checked").asLong()).isEqualTo(4);
		assertThat(counts.path("deactivated").asLong()).isEqualTo(2);
		assertThat(counts.path("flagged").asLong()).isEqualTo(1);
		assertThat(counts.path("errors").asLong()).isZero();
		assertThat(run.path("summary").asText()).contains("Checked 4 records").contains("2 deactivated");
		UUID account = setup.account();
		assertThat(record("person", account, "alice@contoso.com")).containsEntry("status", "active")
			.containsEntry("entra_object_id", setup.tenant().user("alice@contoso.com").orElseThrow().id());
		assertThat(record("person", account, "bob@contoso.com")).containsEntry("status", "inactive")
			.containsEntry("integration_status", "disabled_in_entra");
		assertThat(record("person", account, "carol@contoso.com")).containsEntry("status", "inactive")
			.containsEntry("integration_status", "deleted_in_entra");
		assertThat(record("person", account, "dave@contoso.com")).containsEntry("status", "inactive")
			.containsEntry("integration_status", "gone_from_entra");
		assertThat((String) record("person", account, "dave@contoso.com").get("integration_reason"))
			.contains("permanently deleted");
		String source = "reconcile:" + run.path("id").asText();
		assertThat(logEntries(account, source, "deactivate")).isEqualTo(3);
		assertThat(logEntries(account, source, "run")).isEqualTo(1);
		// The SCIM resources stay exactly as Entra provisioned them.
		assertThat(setup.scim()
			.get("/Users?filter=userName%20eq%20%22bob@contoso.com%22")
			.body()
			.path("Resources")
			.get(0)
			.path("active")
			.asBoolean()).isTrue();

		JsonNode again = syncAndWait(account);
		assertThat(again.path("counts").path("deactivated").asLong()).isZero();
		assertThat(again.path("counts").path("flagged").asLong()).isZero();
		assertThat(logEntries(account, "reconcile:" + again.path("id").asText(), "deactivate")).isZero();
	}

	@Test
	void deactivationsPastTheBrakeAreHeldAndTheRunSaysSo() {
		Setup setup = pushedAndChangedInEntra();
		UUID account = setup.account();
		this.jdbcTemplate.update("INSERT INTO deactivation_brake (account_id, max_count) VALUES (?, 1)", account);
		JsonNode run = syncAndWait(account);
		assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("completed");
		JsonNode counts = run.path("counts");
		assertThat(counts.path("deactivated").asLong() + counts.path("flagged").asLong())
			.as("one of the three findings applied")
			.isEqualTo(1);
		assertThat(run.path("summary").asText())
			.contains("2 deactivation(s) held by the deactivation brake for review");
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT count(*) FROM person WHERE account_id = ?" + " AND status = 'active' AND deactivation_held",
				Long.class, account))
			.isEqualTo(2);
	}

	@Test
	void aGraphThatSuddenlyShowsEveryoneDisabledDeactivatesAtMostTheBrakesLimit() {
		String[] names = new String[200];
		for (int i = 0; i < names.length; i++) {
			names[i] = "staff" + i + "@contoso.com";
		}
		ScimClient scim = pushUsers(true, names);
		FakeGraphApp app = newApp();
		for (String name : names) {
			app.tenant().addUser(name).enabled(false);
		}
		connect(scim.accountId(), app);
		JsonNode run = syncAndWait(scim.accountId());
		assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("completed");
		// 200 active records: at most 20 (10%) deactivated within the hour.
		assertThat(run.path("counts").path("deactivated").asLong()).isEqualTo(20);
		assertThat(run.path("summary").asText()).contains("180 deactivation(s) held by the deactivation brake");
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT count(*) FROM person WHERE account_id = ? AND status = 'inactive'", Long.class,
				scim.accountId()))
			.isEqualTo(20);
		ScimResponse released = admin().send("POST", "/accounts/" + scim.accountId() + "/held-deactivations/release",
				"{\"all\":true}", Map.of("Content-Type", "application/json"));
		assertThat(released.body().path("released").asInt()).isEqualTo(180);
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT count(*) FROM person WHERE account_id = ?"
						+ " AND status = 'inactive' AND integration_status = 'disabled_in_entra'",
				Long.class, scim.accountId()))
			.isEqualTo(200);
	}

	@Test
	void aCutOffPageIsNeverTakenForTheEndOfTheTenant() {
		Setup setup = pushedAndChangedInEntra();
		for (int i = 0; i < 1000; i++) {
			setup.tenant().addUser("bystander" + i + "@contoso.com");
		}
		// alice, bob and erin come first; the pushed users after the bystanders are on
		// page 2
		ScimClient scim = setup.scim();
		assertThat(scim.post("/Users", userBody("zed@contoso.com")).status()).isEqualTo(201);
		setup.tenant().addUser("zed@contoso.com");
		setup.tenant().malformedNextPages("/users", 1);
		JsonNode run = syncAndWait(setup.account());
		assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("completed");
		assertThat(run.path("attempts").asInt()).isEqualTo(2);
		assertThat(record("person", setup.account(), "zed@contoso.com")).containsEntry("status", "active");
		assertThat(run.path("counts").path("flagged").asLong()).isEqualTo(1);
	}

	@Test
	void aKnownObjectIdIsNeverReplacedByANewUserWithTheSameName() {
		ScimClient scim = newTenant();
		peopleMap(scim.accountId());
		String departed = UUID.randomUUID().toString();
		assertThat(scim.post("/Users", """
				{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"kim@contoso.com",
				 "externalId":"%s","active":true}""".formatted(departed)).status()).isEqualTo(201);
		FakeGraphApp app = newApp();
		FakeGraphUser newcomer = app.tenant().addUser("kim@contoso.com");
		connect(scim.accountId(), app);
		JsonNode run = syncAndWait(scim.accountId());
		assertThat(run.path("counts").path("flagged").asLong()).as(run.toString()).isEqualTo(1);
		Map<String, Object> kim = record("person", scim.accountId(), "kim@contoso.com");
		assertThat(kim).containsEntry("integration_status", "gone_from_entra");
		assertThat(kim.get("entra_object_id")).isNotEqualTo(newcomer.id());
		JsonNode synced = admin()
			.send("POST", "/accounts/" + scim.accountId() + "/records/" + kim.get("id") + "/sync", null, Map.of())
			.body();
		assertThat(synced.path("entraState").asText()).isEqualTo("gone");
	}

	@Test
	void laterRunsReadOnlyWhatChangedInEntra() {
		Setup setup = pushedAndChangedInEntra();
		JsonNode first = syncAndWait(setup.account());
		assertThat(first.path("mode").asText()).isEqualTo("full");
		FakeGraphTenant tenant = setup.tenant();
		for (int i = 0; i < 50; i++) {
			tenant.addUser("bystander" + i + "@contoso.com");
		}
		syncAndWait(setup.account());
		tenant.resetRequests();
		FakeGraphUser alice = tenant.user("alice@contoso.com").orElseThrow();
		tenant.delete(alice);
		tenant.user("bob@contoso.com").orElseThrow().enabled(true);
		JsonNode delta = syncAndWait(setup.account());
		assertThat(delta.path("mode").asText()).as(delta.toString()).isEqualTo("delta");
		assertThat(delta.path("state").asText()).isEqualTo("completed");
		assertThat(delta.path("counts").path("checked").asLong()).isEqualTo(2);
		assertThat(delta.path("counts").path("deactivated").asLong()).isEqualTo(1);
		assertThat(delta.path("counts").path("reactivated").asLong()).isEqualTo(1);
		assertThat(record("person", setup.account(), "alice@contoso.com")).containsEntry("integration_status",
				"deleted_in_entra");
		assertThat(record("person", setup.account(), "bob@contoso.com")).containsEntry("status", "active");
		assertThat(tenant.requests("/directory/deletedItems")).isZero();
		// Purged for good after the soft delete: the next delta run says so.
		tenant.purge(tenant.deletedUser(alice.id()).orElseThrow());
		JsonNode purged = syncAndWait(setup.account());
		assertThat(purged.path("counts").path("flagged").asLong()).isEqualTo(1);
		assertThat(record("person", setup.account(), "alice@contoso.com")).containsEntry("integration_status",
				"gone_from_entra");
		// Asked for, or when Graph has forgotten the delta token, a run reads the whole
		// tenant again.
		ScimResponse full = admin().send("POST", "/accounts/" + setup.account() + "/reconciliation/runs?full=true",
				null, Map.of());
		assertThat(full.body().path("mode").asText()).isEqualTo("full");
		awaitRun(setup.account(), full.id());
		tenant.expireDeltaTokens();
		tenant.user("bob@contoso.com").orElseThrow().enabled(false);
		JsonNode resync = syncAndWait(setup.account());
		assertThat(resync.path("state").asText()).as(resync.toString()).isEqualTo("completed");
		assertThat(resync.path("mode").asText()).isEqualTo("full");
		assertThat(resync.path("counts").path("checked").asLong()).isEqualTo(4);
		assertThat(record("person", setup.account(), "bob@contoso.com")).containsEntry("status", "inactive");
	}

	@Test
	void aUserEnabledAgainIsReactivatedButNotOneEntraUnassigned() {
		Setup setup = pushedAndChangedInEntra();
		syncAndWait(setup.account());
		setup.tenant().user("bob@contoso.com").orElseThrow().enabled(true);
		Map<String, Object> carolRecord = record("person", setup.account(), "carol@contoso.com");
		setup.tenant().restore(setup.tenant().deletedUser((String) carolRecord.get("entra_object_id")).orElseThrow());
		String carol = carolRecord.get("scim_user_id").toString();
		// Entra unassigned carol from the app: its push says active=false; Graph still
		// has her enabled.
		assertThat(setup.scim().patch("/Users/" + carol, PATCH_INACTIVE).status()).isIn(200, 204);
		JsonNode run = syncAndWait(setup.account());
		assertThat(run.path("counts").path("reactivated").asLong()).as(run.toString()).isEqualTo(1);
		assertThat(record("person", setup.account(), "bob@contoso.com")).containsEntry("status", "active");
		assertThat(record("person", setup.account(), "carol@contoso.com")).containsEntry("status", "inactive");
	}

	@Test
	void presentUsersFieldsAreRefreshedOnlyWhenAsked() {
		Setup setup = pushedAndChangedInEntra();
		syncAndWait(setup.account());
		assertThat((String) record("person", setup.account(), "alice@contoso.com").get("fields"))
			.doesNotContain("Sales");
		ScimResponse settings = admin().send("PUT", "/accounts/" + setup.account() + "/reconciliation",
				"{\"schedule\":{\"kind\":\"off\"},\"refreshFields\":true}", JSON);
		assertThat(settings.status()).as(settings.rawBody()).isEqualTo(200);
		JsonNode run = syncAndWait(setup.account());
		assertThat(run.path("counts").path("updated").asLong()).isEqualTo(1);
		assertThat((String) record("person", setup.account(), "alice@contoso.com").get("fields"))
			.contains("\"department\": \"Sales\"");
		assertThat(logEntries(setup.account(), "reconcile:" + run.path("id").asText(), "refresh")).isEqualTo(1);
	}

	@Test
	void throttlingIsWaitedOutAndASecondSyncIsRefusedMeanwhile() {
		Setup setup = pushedAndChangedInEntra();
		setup.tenant().throttle("/users", 2, 1);
		String runId = syncNow(setup.account());
		ScimResponse second = admin().send("POST", "/accounts/" + setup.account() + "/reconciliation/runs", null,
				Map.of());
		assertThat(second.status()).isEqualTo(409);
		assertThat(second.body().path("detail").asText()).contains(runId);
		// SCIM traffic is served while the run waits for Graph.
		assertThat(setup.scim().get("/Users").status()).isEqualTo(200);
		JsonNode run = awaitRun(setup.account(), runId);
		assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("completed");
		assertThat(run.path("attempts").asInt()).isEqualTo(1);
		assertThat(setup.tenant().requests("/users")).isGreaterThanOrEqualTo(3);
	}

	@Test
	void aMissingPermissionFailsTheRunAtOnceWithTheReason() {
		Setup setup = pushedAndChangedInEntra();
		setup.app().revoke("User.Read.All");
		JsonNode run = syncAndWait(setup.account());
		assertThat(run.path("state").asText()).isEqualTo("failed");
		assertThat(run.path("attempts").asInt()).isEqualTo(1);
		assertThat(run.path("lastError").asText()).contains("Authorization_RequestDenied");
		assertThat(record("person", setup.account(), "dave@contoso.com")).containsEntry("status", "active");
		assertThat(logEntries(setup.account(), "reconcile:" + run.path("id").asText(), "run")).isEqualTo(1);
	}

	@Test
	void graphDownFailsTheRunAfterItsAttemptsAndChangesNothing() {
		Setup setup = pushedAndChangedInEntra();
		setup.tenant().unavailable("/users", true);
		try {
			JsonNode run = syncAndWait(setup.account());
			assertThat(run.path("state").asText()).isEqualTo("failed");
			assertThat(run.path("attempts").asInt()).isEqualTo(2);
			assertThat(run.path("summary").asText()).contains("Failed after 2 attempt(s)");
			assertThat(record("person", setup.account(), "bob@contoso.com")).containsEntry("status", "active");
		}
		finally {
			setup.tenant().unavailable("/users", false);
		}
		assertThat(syncAndWait(setup.account()).path("state").asText()).isEqualTo("completed");
	}

	@Test
	void aTenantThatListsNoUsersDeactivatesNobody() {
		ScimClient scim = pushUsers(true, "zoe@contoso.com");
		FakeGraphApp app = newApp();
		connect(scim.accountId(), app);
		JsonNode run = syncAndWait(scim.accountId());
		assertThat(run.path("state").asText()).isEqualTo("failed");
		assertThat(run.path("lastError").asText()).contains("listed no users");
		assertThat(record("person", scim.accountId(), "zoe@contoso.com")).containsEntry("status", "active");
	}

	@Test
	void theSyncLogEntryOfAFinishedRunIsPostedToTheWebhook() throws Exception {
		Setup setup = pushedAndChangedInEntra();
		com.github.tomakehurst.wiremock.WireMockServer hook = new com.github.tomakehurst.wiremock.WireMockServer(
				com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
		hook.start();
		try {
			hook.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/hook")
				.willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
			ScimResponse saved = admin().send("PUT", "/accounts/" + setup.account() + "/reconciliation",
					"{\"schedule\":{\"kind\":\"off\"},\"notifyUrl\":\"http://localhost:" + hook.port() + "/hook\"}",
					JSON);
			assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
			JsonNode run = syncAndWait(setup.account());
			for (int i = 0; i < 50 && hook.getAllServeEvents().isEmpty(); i++) {
				sleep(100);
			}
			var posted = hook.findAll(com.github.tomakehurst.wiremock.client.WireMock
				.postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/hook")));
			assertThat(posted).hasSize(1);
			JsonNode body = ScimClient.json(posted.get(0).getBodyAsString());
			assertThat(body.path("runId").asText()).isEqualTo(run.path("id").asText());
			assertThat(body.path("state").asText()).isEqualTo("completed");
			assertThat(body.path("counts").path("deactivated").asLong()).isEqualTo(2);
		}
		finally {
			hook.stop();
		}
	}

	@Test
	void runsAreListedNewestFirstAndForeignRunsAreNotFound() {
		Setup setup = pushedAndChangedInEntra();
		JsonNode first = syncAndWait(setup.account());
		JsonNode second = syncAndWait(setup.account());
		JsonNode listed = admin().get("/accounts/" + setup.account() + "/reconciliation/runs").body();
		assertThat(listed.get(0).path("id").asText()).isEqualTo(second.path("id").asText());
		assertThat(listed.get(1).path("id").asText()).isEqualTo(first.path("id").asText());
		UUID other = this.accounts.createAccount("other-" + UUID.randomUUID());
		assertThat(admin().get("/accounts/" + other + "/reconciliation/runs/" + first.path("id").asText()).status())
			.isEqualTo(404);
		assertThat(admin().send("POST", "/accounts/" + other + "/reconciliation/runs", null, Map.of()).status())
			.isEqualTo(404);
	}

}
