package app.provisioning.reconcile;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.FakeGraphGroup;
import app.provisioning.support.FakeGraphTenant;
import app.provisioning.support.FakeGraphUser;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeds' pull integration: an administrator selects Entra groups in a map and presses
 * Sync Now; their members become records through that map, with the permission level
 * their groups grant, and leave when they leave the groups.
 */
class GroupImportTest extends ReconcileTestSupport {

	private static final String LOGIN_MAP = """
			{"name":"Logins","target":"user_configuration","uniqueIdentifier":"user_principal_name",
			 "fields":[{"attribute":"userName","field":"loginName"},
			           {"attribute":"emails[type eq \\"work\\"].value","field":"email","type":"email"},
			           {"attribute":"Department","field":"department"}]}""";

	private String level(UUID accountId, String name, int rank) {
		ScimResponse level = admin().send("POST", "/accounts/" + accountId + "/permission-levels",
				"{\"name\":\"" + name + "\",\"rank\":" + rank + "}", JSON);
		assertThat(level.status()).isEqualTo(201);
		return level.id();
	}

	private ScimResponse select(UUID accountId, String mapId, String groupsJson) {
		return admin().send("PUT", "/accounts/" + accountId + "/mappings/" + mapId + "/entra-groups", groupsJson, JSON);
	}

	private Map<String, Object> login(UUID accountId, String upn) {
		return this.jdbcTemplate.queryForMap(
				"SELECT l.status, l.integration_status, l.origin, l.scim_user_id,"
						+ " l.entra_object_id, p.name AS level FROM login_user l LEFT JOIN permission_level p"
						+ " ON p.id = l.permission_level_id WHERE l.account_id = ? AND lower(l.unique_key) = lower(?)",
				accountId, upn);
	}

	@Test
	void membersOfSelectedGroupsBecomeLoginUsersWithTheirGroupsLevel() {
		UUID accountId = this.accounts.createAccount("import-" + UUID.randomUUID());
		String mapId = mapping(accountId, LOGIN_MAP);
		String viewer = level(accountId, "Viewer", 10);
		String administrator = level(accountId, "Administrator", 30);
		FakeGraphApp app = newApp();
		FakeGraphTenant tenant = app.tenant();
		FakeGraphUser ann = tenant.addUser("ann@contoso.com").set("mail", "ann@contoso.com").set("department", "IT");
		FakeGraphUser ben = tenant.addUser("ben@contoso.com").set("mail", "ben@contoso.com");
		FakeGraphUser cat = tenant.addUser("cat@contoso.com").set("mail", "cat@contoso.com");
		tenant.addUser("outsider@contoso.com").set("mail", "outsider@contoso.com");
		FakeGraphGroup nested = tenant.addGroup("Warehouse").add(cat);
		FakeGraphGroup admins = tenant.addGroup("Asset admins").add(ann);
		FakeGraphGroup viewers = tenant.addGroup("Asset viewers").add(ann, ben).add(nested);
		connect(accountId, app);
		ScimResponse found = admin().get("/accounts/" + accountId + "/entra-groups?search=asset");
		assertThat(found.status()).as(found.rawBody()).isEqualTo(200);
		java.util.List<String> names = new java.util.ArrayList<>();
		found.body().forEach((group) -> names.add(group.path("displayName").asText()));
		assertThat(names).containsExactlyInAnyOrder("Asset admins", "Asset viewers");
		ScimResponse selected = select(accountId, mapId, """
				[{"groupId":"%s","displayName":"Asset admins","permissionLevelId":"%s"},
				 {"groupId":"%s","displayName":"Asset viewers","permissionLevelId":"%s"}]""".formatted(admins.id(),
				administrator, viewers.id(), viewer));
		assertThat(selected.status()).as(selected.rawBody()).isEqualTo(200);
		assertThat(selected.body().size()).isEqualTo(2);

		JsonNode run = syncAndWait(accountId);
		assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("completed");
		assertThat(run.path("counts").path("imported").asLong()).isEqualTo(3);
		assertThat(login(accountId, "ann@contoso.com")).containsEntry("level", "Administrator")
			.containsEntry("status", "active")
			.containsEntry("origin", "graph")
			.containsEntry("integration_status", "imported")
			.containsEntry("entra_object_id", ann.id());
		assertThat(login(accountId, "ben@contoso.com")).containsEntry("level", "Viewer");
		assertThat(login(accountId, "cat@contoso.com")).containsEntry("level", "Viewer");
		assertThat(this.jdbcTemplate.queryForObject("SELECT count(*) FROM login_user WHERE account_id = ?", Long.class,
				accountId))
			.isEqualTo(3);
		assertThat(logEntries(accountId, "reconcile:" + run.path("id").asText(), "import")).isEqualTo(3);
		// Only what the map reads was asked of Graph.
		assertThat(run.path("counts").path("errors").asLong()).isZero();

		// Unchanged: nothing to do. Then ben leaves, cat's nested group is dropped, ann
		// changes department.
		assertThat(syncAndWait(accountId).path("counts").path("imported").asLong()).isZero();
		viewers.remove(ben);
		viewers.remove(nested);
		ann.set("department", "Finance");
		JsonNode later = syncAndWait(accountId);
		assertThat(later.path("counts").path("deactivated").asLong()).as(later.toString()).isEqualTo(2);
		assertThat(later.path("counts").path("updated").asLong()).isEqualTo(1);
		assertThat(login(accountId, "ben@contoso.com")).containsEntry("status", "deactivated")
			.containsEntry("integration_status", "left_selected_groups");
		assertThat(login(accountId, "cat@contoso.com")).containsEntry("status", "deactivated");
		assertThat(this.jdbcTemplate.queryForObject("SELECT fields->>'department' FROM login_user WHERE account_id = ?"
				+ " AND unique_key = 'ann@contoso.com'", String.class, accountId))
			.isEqualTo("Finance");

		// Back in a group: active again. Removing the group from the selection
		// deactivates its members.
		viewers.add(ben);
		syncAndWait(accountId);
		assertThat(login(accountId, "ben@contoso.com")).containsEntry("status", "active")
			.containsEntry("level", "Viewer");
		assertThat(select(accountId, mapId,
				"[{\"groupId\":\"%s\",\"permissionLevelId\":\"%s\"}]".formatted(admins.id(), administrator))
			.status()).isEqualTo(200);
		syncAndWait(accountId);
		assertThat(login(accountId, "ben@contoso.com")).containsEntry("status", "deactivated");
		assertThat(login(accountId, "ann@contoso.com")).containsEntry("status", "active");
	}

	@Test
	void aUserBothPushedAndImportedIsOneRecordKeptByThePush() {
		ScimClient scim = newTenant();
		UUID accountId = scim.accountId();
		String mapId = peopleMap(accountId);
		assertThat(scim.post("/Users", userBody("dan@contoso.com")).status()).isEqualTo(201);
		FakeGraphApp app = newApp();
		FakeGraphUser dan = app.tenant().addUser("dan@contoso.com").set("department", "Ops");
		FakeGraphUser eve = app.tenant().addUser("eve@contoso.com").set("department", "Ops");
		FakeGraphGroup group = app.tenant().addGroup("Everyone").add(dan, eve);
		connect(accountId, app);
		assertThat(select(accountId, mapId, "[{\"groupId\":\"%s\"}]".formatted(group.id())).status()).isEqualTo(200);
		JsonNode run = syncAndWait(accountId);
		assertThat(run.path("counts").path("imported").asLong()).as(run.toString()).isEqualTo(1);
		assertThat(this.jdbcTemplate.queryForObject("SELECT count(*) FROM person WHERE account_id = ?", Long.class,
				accountId))
			.isEqualTo(2);
		Map<String, Object> pushed = record("person", accountId, "dan@contoso.com");
		assertThat(pushed).containsEntry("origin", "scim").containsEntry("entra_object_id", dan.id());
		assertThat(pushed.get("scim_user_id")).isNotNull();
		// Entra now pushes eve too: the imported record is taken over, not duplicated.
		assertThat(scim.post("/Users", userBody("eve@contoso.com")).status()).isEqualTo(201);
		assertThat(this.jdbcTemplate.queryForObject("SELECT count(*) FROM person WHERE account_id = ?", Long.class,
				accountId))
			.isEqualTo(2);
		assertThat(record("person", accountId, "eve@contoso.com").get("scim_user_id")).isNotNull();
	}

	@Test
	void syncingOneImportedRecordChecksItsGroupsToo() {
		UUID accountId = this.accounts.createAccount("import-one-" + UUID.randomUUID());
		String mapId = peopleMap(accountId);
		FakeGraphApp app = newApp();
		FakeGraphUser lea = app.tenant().addUser("lea@contoso.com");
		FakeGraphGroup group = app.tenant().addGroup("Staff").add(lea);
		connect(accountId, app);
		assertThat(select(accountId, mapId, "[{\"groupId\":\"%s\"}]".formatted(group.id())).status()).isEqualTo(200);
		syncAndWait(accountId);
		Object recordId = record("person", accountId, "lea@contoso.com").get("id");
		group.remove(lea);
		ScimResponse synced = admin().send("POST", "/accounts/" + accountId + "/records/" + recordId + "/sync", null,
				Map.of());
		assertThat(synced.status()).as(synced.rawBody()).isEqualTo(200);
		assertThat(synced.body().path("outcome").asText()).isEqualTo("deactivated");
		assertThat(record("person", accountId, "lea@contoso.com")).containsEntry("integration_status",
				"left_selected_groups");
	}

	@Test
	void badSelectionsAreRefusedWithEveryProblem() {
		UUID accountId = this.accounts.createAccount("select-" + UUID.randomUUID());
		String people = peopleMap(accountId);
		String level = level(accountId, "Viewer", 10);
		String group = UUID.randomUUID().toString();
		ScimResponse refused = select(accountId, people, """
				[{"groupId":"Asset admins"},{"groupId":"%s","permissionLevelId":"%s"},{"groupId":"%s"}]"""
			.formatted(group, level, group));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body().path("detail").asText()).contains("groups[0].groupId must be the group's Object ID")
			.contains("only groups of a User Configuration map grant permission levels")
			.contains("selected twice");
		assertThat(refused.errorPointers()).as("each problem points into the array sent")
			.containsExactly("/0/groupId", "/1/permissionLevelId", "/2");
		assertThat(admin().get("/accounts/" + accountId + "/mappings/" + people + "/entra-groups").body().size())
			.isZero();
		assertThat(select(accountId, UUID.randomUUID().toString(), "[]").status()).isEqualTo(404);
		assertThat(admin()
			.send("PUT", "/accounts/" + accountId + "/mappings/" + people + "/entra-groups", "{\"x\":1}", JSON)
			.status()).isEqualTo(400);
	}

}
