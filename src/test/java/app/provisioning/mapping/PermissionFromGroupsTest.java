package app.provisioning.mapping;

import java.util.Map;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Entra group a login user is in decides its permission level. */
class PermissionFromGroupsTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private ScimClient scim;

	private String levelId(String name, int rank) {
		ScimResponse level = admin().send("POST", "/accounts/" + this.scim.accountId() + "/permission-levels",
				"{\"name\":\"" + name + "\",\"rank\":" + rank + "}", JSON);
		assertThat(level.status()).isEqualTo(201);
		return level.id();
	}

	private void grant(String levelId, String groupId) {
		ScimResponse mapped = admin().send("PUT",
				"/accounts/" + this.scim.accountId() + "/permission-levels/" + levelId + "/group",
				"{\"groupId\":\"" + groupId + "\"}", JSON);
		assertThat(mapped.status()).as(mapped.rawBody()).isEqualTo(204);
	}

	private void members(String op, String groupId, String userId) {
		String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"" + op
				+ "\",\"path\":\"members\",\"value\":[{\"value\":\"" + userId + "\"}]}]}";
		assertThat(this.scim.patch("/Groups/" + groupId, body).status()).isEqualTo(204);
	}

	private Map<String, Object> login(String userId) {
		return this.jdbcTemplate.queryForMap("select l.status, l.integration_reason, p.name as level from login_user l"
				+ " left join permission_level p on p.id = l.permission_level_id where l.scim_user_id = ?::uuid",
				userId);
	}

	private record Levels(String administrator, String viewers, String admins) {
	}

	/**
	 * A login-user map, and the levels Viewer (10) and Administrator (30), each granted
	 * by a group of its own.
	 */
	private Levels loginsWithTwoLevels() {
		assertThat(admin().send("POST", "/accounts/" + this.scim.accountId() + "/mappings", """
				{"name":"Logins","target":"user_configuration","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"userName","field":"loginName"},
				           {"attribute":"emails[type eq \\"work\\"].value","field":"email","type":"email"}]}""", JSON)
			.status()).isEqualTo(201);
		String viewer = levelId("Viewer", 10);
		String administrator = levelId("Administrator", 30);
		String viewers = this.scim.post("/Groups", groupBody("Asset viewers")).id();
		String admins = this.scim.post("/Groups", groupBody("Asset admins")).id();
		grant(viewer, viewers);
		grant(administrator, admins);
		return new Levels(administrator, viewers, admins);
	}

	@Test
	void membershipGrantsTheHighestMappedLevelAndNoGroupDeactivates() {
		this.scim = newTenant();
		Levels levels = loginsWithTwoLevels();
		String viewers = levels.viewers();
		String admins = levels.admins();
		String user = this.scim.post("/Users", userBody("ola@contoso.com")).id();
		assertThat(login(user)).containsEntry("status", "deactivated")
			.containsEntry("level", null)
			.containsEntry("integration_reason", LoginPermissions.NO_GROUP);
		members("Add", viewers, user);
		assertThat(login(user)).containsEntry("status", "active").containsEntry("level", "Viewer");
		members("Add", admins, user);
		assertThat(login(user)).containsEntry("level", "Administrator");
		members("Remove", admins, user);
		assertThat(login(user)).containsEntry("level", "Viewer");
		this.scim.patch("/Users/" + user, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
				+ "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
		assertThat(login(user)).containsEntry("status", "deactivated")
			.containsEntry("integration_reason", "Disabled in Entra");
		this.scim.patch("/Users/" + user, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
				+ "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]}");
		assertThat(login(user)).containsEntry("status", "active").containsEntry("level", "Viewer");
		assertThat(this.scim.delete("/Groups/" + viewers).status()).isEqualTo(204);
		assertThat(login(user)).containsEntry("status", "deactivated").containsEntry("level", null);
		Integer permissionEntries = this.jdbcTemplate.queryForObject(
				"select count(*) from sync_log where account_id = ?::uuid and operation = 'permission'", Integer.class,
				this.scim.accountId().toString());
		assertThat(permissionEntries).isGreaterThanOrEqualTo(5);
	}

	@Test
	void deletingALevelGivesItsLoginUsersTheNextLevelTheirGroupsGrant() {
		this.scim = newTenant();
		Levels levels = loginsWithTwoLevels();
		String administrator = levels.administrator();
		String viewers = levels.viewers();
		String admins = levels.admins();
		String both = this.scim.post("/Users", userBody("kim@contoso.com")).id();
		String adminOnly = this.scim.post("/Users", userBody("lee@contoso.com")).id();
		members("Add", viewers, both);
		members("Add", admins, both);
		members("Add", admins, adminOnly);
		assertThat(login(both)).containsEntry("level", "Administrator");
		assertThat(login(adminOnly)).containsEntry("level", "Administrator");
		ScimResponse deleted = admin().send("DELETE",
				"/accounts/" + this.scim.accountId() + "/permission-levels/" + administrator, null, JSON);
		assertThat(deleted.status()).as(deleted.rawBody()).isEqualTo(204);
		assertThat(login(both)).containsEntry("status", "active").containsEntry("level", "Viewer");
		assertThat(login(adminOnly)).containsEntry("status", "deactivated").containsEntry("level", null);
	}

	@Test
	void onlyAGroupOfTheSameAccountCanGrantALevel() {
		this.scim = newTenant();
		ScimClient other = newTenant();
		String foreignGroup = other.post("/Groups", groupBody("Theirs")).id();
		String level = levelId("Manager", 20);
		ScimResponse refused = admin().send("PUT",
				"/accounts/" + this.scim.accountId() + "/permission-levels/" + level + "/group",
				"{\"groupId\":\"" + foreignGroup + "\"}", JSON);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body().get("detail").asText()).contains("not a group provisioned to this account");
	}

}
