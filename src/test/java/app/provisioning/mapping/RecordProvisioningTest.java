package app.provisioning.mapping;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Entra's pushes do to People records and login users, through the account's field
 * maps.
 */
class RecordProvisioningTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private ScimClient tenantWithMap(String target, String identifier, String fields) {
		ScimClient scim = newTenant();
		ScimResponse map = admin().send("POST", "/accounts/" + scim.accountId() + "/mappings",
				"{\"name\":\"map\",\"target\":\"" + target + "\",\"uniqueIdentifier\":\"" + identifier
						+ "\",\"fields\":" + fields + "}",
				JSON);
		assertThat(map.status()).as(map.rawBody()).isEqualTo(201);
		return scim;
	}

	private ScimClient peopleTenant() {
		return tenantWithMap("people", "user_principal_name", """
				[{"attribute":"userName","field":"Login"},{"attribute":"Department","field":"Department"},
				 {"attribute":"phoneNumbers[type eq \\"mobile\\"].value","field":"Mobile"}]""");
	}

	private Map<String, Object> person(ScimClient scim, String scimUserId) {
		return this.jdbcTemplate.queryForMap(
				"select unique_key, fields::text as fields, status, integration_status,"
						+ " integration_reason from person where account_id = ?::uuid and scim_user_id = ?::uuid",
				scim.accountId().toString(), scimUserId);
	}

	private List<Map<String, Object>> log(ScimClient scim) {
		return this.jdbcTemplate
			.queryForList("select operation, resource_type, outcome, reason, changes::text as changes"
					+ " from sync_log where account_id = ?::uuid order by id", scim.accountId().toString());
	}

	private static String patch(String operations) {
		return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";
	}

	@Test
	void provisionedUserBecomesAPeopleRecordAndChangesFollowIt() {
		ScimClient scim = peopleTenant();
		String id = scim
			.post("/Users",
					"""
							{"userName":"adele@contoso.com","active":true,"phoneNumbers":[{"type":"mobile","value":"+1 425 555 0110"}],
							 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Retail"}}""")
			.id();
		Map<String, Object> created = person(scim, id);
		assertThat(created.get("unique_key")).isEqualTo("adele@contoso.com");
		assertThat(created.get("status")).isEqualTo("active");
		assertThat(created.get("integration_status")).isEqualTo("provisioned");
		assertThat((String) created.get("fields")).contains("\"Department\": \"Retail\"").contains("+1 425 555 0110");
		scim.patch("/Users/" + id,
				patch("""
						[{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Sales"}]"""));
		Map<String, Object> updated = person(scim, id);
		assertThat((String) updated.get("fields")).contains("\"Department\": \"Sales\"");
		assertThat(updated.get("integration_status")).isEqualTo("updated");
		List<Map<String, Object>> entries = log(scim);
		assertThat(entries).extracting((e) -> e.get("operation")).containsExactly("create", "update");
		assertThat((String) entries.get(1).get("changes")).contains("Department").contains("Retail").contains("Sales");
		assertThat(entries).allSatisfy((e) -> assertThat(e.get("outcome")).isEqualTo("applied"));
	}

	@Test
	void deactivationReactivationAndDeleteNeverRemoveThePerson() {
		ScimClient scim = peopleTenant();
		String id = scim.post("/Users", "{\"userName\":\"leaver@contoso.com\",\"active\":true}").id();
		scim.patch("/Users/" + id, patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
		assertThat(person(scim, id)).containsEntry("status", "inactive")
			.containsEntry("integration_status", "deactivated_by_entra");
		scim.patch("/Users/" + id, patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]"));
		assertThat(person(scim, id)).containsEntry("status", "active").containsEntry("integration_status", "updated");
		assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
		assertThat(person(scim, id)).containsEntry("status", "inactive")
			.containsEntry("integration_status", "deleted_in_entra");
		assertThat(log(scim)).extracting((e) -> e.get("operation"))
			.containsExactly("create", "deactivate", "reactivate", "delete");
	}

	@Test
	void collidingOrBlankIdentifierIsAMappingErrorButTheScimRequestSucceeds() {
		ScimClient scim = tenantWithMap("people", "object_id", "[{\"attribute\":\"userName\",\"field\":\"Login\"}]");
		String first = scim.post("/Users", "{\"userName\":\"one@contoso.com\",\"externalId\":\"obj-1\"}").id();
		ScimResponse second = scim.post("/Users", "{\"userName\":\"two@contoso.com\",\"externalId\":\"OBJ-1\"}");
		assertThat(second.status()).as("Entra must not see our mapping problem").isEqualTo(201);
		ScimResponse blank = scim.post("/Users", "{\"userName\":\"three@contoso.com\"}");
		assertThat(blank.status()).isEqualTo(201);
		Integer people = this.jdbcTemplate.queryForObject("select count(*) from person where account_id = ?::uuid",
				Integer.class, scim.accountId().toString());
		assertThat(people).as("no duplicate person").isEqualTo(1);
		assertThat(person(scim, first)).containsEntry("unique_key", "obj-1");
		List<Map<String, Object>> errors = log(scim).stream().filter((e) -> "error".equals(e.get("outcome"))).toList();
		assertThat(errors).hasSize(2);
		assertThat((String) errors.get(0).get("reason")).contains("OBJ-1").contains("already belongs");
		assertThat((String) errors.get(1).get("reason")).contains("blank");
	}

	@Test
	void loginUsersAreDeactivatedNotDeleted() {
		ScimClient scim = tenantWithMap("user_configuration", "user_principal_name",
				"""
						[{"attribute":"userName","field":"loginName"},{"attribute":"emails[type eq \\"work\\"].value","field":"email","type":"email"},
						 {"attribute":"displayName","field":"name"}]""");
		String id = scim.post("/Users", userBody("login@contoso.com")).id();
		Map<String, Object> login = this.jdbcTemplate
			.queryForMap("select status, fields::text as fields from login_user where scim_user_id = ?::uuid", id);
		assertThat(login.get("status")).isEqualTo("active");
		assertThat((String) login.get("fields")).contains("\"loginName\": \"login@contoso.com\"");
		scim.patch("/Users/" + id, patch("[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]"));
		assertThat(this.jdbcTemplate.queryForObject("select status from login_user where scim_user_id = ?::uuid",
				String.class, id))
			.isEqualTo("deactivated");
	}

	@Test
	void failedScimRequestLeavesRecordsUntouched() {
		ScimClient scim = peopleTenant();
		String id = scim.post("/Users", "{\"userName\":\"keep@contoso.com\"}").id();
		scim.post("/Users", "{\"userName\":\"taken@contoso.com\"}");
		ScimResponse conflict = scim.patch("/Users/" + id, patch(
				"[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"New\"},{\"op\":\"Replace\",\"path\":\"userName\",\"value\":\"taken@contoso.com\"}]"));
		assertThat(conflict.status()).isEqualTo(409);
		assertThat(person(scim, id)).containsEntry("unique_key", "keep@contoso.com");
		assertThat(log(scim)).extracting((e) -> e.get("operation")).containsExactly("create", "create");
		JsonNode user = scim.get("/Users/" + id).body();
		assertThat(user.has("displayName")).isFalse();
	}

}
