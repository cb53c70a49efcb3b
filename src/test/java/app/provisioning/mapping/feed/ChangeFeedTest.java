package app.provisioning.mapping.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.mapping.FieldMap;
import app.provisioning.mapping.PulledRecords;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a consumer of the change feed sees when Entra changes users, and how bad cursors
 * are refused.
 */
class ChangeFeedTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private ScimClient peopleTenant() {
		ScimClient scim = newTenant();
		ScimResponse map = admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", """
				{"name":"people","target":"people","uniqueIdentifier":"user_principal_name","fields":[
				 {"attribute":"userName","field":"Login"},{"attribute":"Department","field":"Department"},
				 {"attribute":"Manager","field":"Manager"}]}""", JSON);
		assertThat(map.status()).as(map.rawBody()).isEqualTo(201);
		return scim;
	}

	private static String patch(String operations) {
		return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";
	}

	private JsonNode read(ScimClient scim, String query) {
		ScimResponse page = admin().get("/accounts/" + scim.accountId() + "/events" + query);
		assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
		return page.body();
	}

	private List<JsonNode> all(ScimClient scim) {
		List<JsonNode> events = new ArrayList<>();
		read(scim, "").path("events").forEach(events::add);
		return events;
	}

	private String personId(ScimClient scim, String scimUserId) {
		return this.jdbcTemplate.queryForObject(
				"select id::text from person where account_id = ?::uuid" + " and scim_user_id = ?::uuid", String.class,
				scim.accountId().toString(), scimUserId);
	}

	@Test
	void everyChangeOfAPersonIsAnEventInOrderWithTheRecordVersion() {
		ScimClient scim = peopleTenant();
		String user = scim
			.post("/Users",
					"{\"userName\":\"adele@contoso.com\",\"active\":true,\"" + ENTERPRISE
							+ "\":{\"department\":\"Retail\"}}")
			.id();
		scim.patch("/Users/" + user,
				patch("[{\"op\":\"Replace\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"Sales\"}]"));
		scim.patch("/Users/" + user, patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
		scim.patch("/Users/" + user, patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]"));
		scim.delete("/Users/" + user);
		String record = personId(scim, user);

		List<JsonNode> events = all(scim);
		assertThat(events).extracting((e) -> e.path("type").asText())
			.containsExactly("person.created", "person.updated", "person.deactivated", "person.reactivated",
					"person.deactivated", "record.entra_state_changed");
		assertThat(events).extracting((e) -> e.path("record").path("version").asLong())
			.containsExactly(1L, 2L, 3L, 4L, 5L, 5L);
		assertThat(events).allSatisfy((e) -> {
			assertThat(e.path("record").path("id").asText()).isEqualTo(record);
			assertThat(e.path("record").path("href").asText())
				.isEqualTo("/api/accounts/" + scim.accountId() + "/people/" + record);
			assertThat(e.path("id").asText()).startsWith("evt_");
		});
		assertThat(events.get(0).path("data").path("fields").path("Department").asText()).isEqualTo("Retail");
		JsonNode department = events.get(1).path("data").path("changes").path("Department");
		assertThat(department.path("old").asText()).isEqualTo("Retail");
		assertThat(department.path("new").asText()).isEqualTo("Sales");
		assertThat(events.get(5).path("data").path("entraState").path("new").asText()).isEqualTo("deleted");
		List<Long> cursors = events.stream().map((e) -> Long.parseLong(e.path("cursor").asText())).toList();
		assertThat(cursors).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void aStoredCursorGivesEveryLaterEventOnceAndAnIdleCursorStaysCurrent() {
		ScimClient scim = peopleTenant();
		scim.post("/Users", "{\"userName\":\"one@contoso.com\"}");
		scim.post("/Users", "{\"userName\":\"two@contoso.com\"}");
		scim.post("/Users", "{\"userName\":\"three@contoso.com\"}");
		JsonNode first = read(scim, "?limit=2");
		assertThat(first.path("events")).hasSize(2);
		assertThat(first.path("hasMore").asBoolean()).isTrue();
		JsonNode second = read(scim, "?after=" + first.path("next").asText());
		assertThat(second.path("events")).hasSize(1);
		assertThat(second.path("hasMore").asBoolean()).isFalse();
		assertThat(second.path("events").get(0).path("data").path("uniqueIdentifier").asText())
			.isEqualTo("three@contoso.com");

		ScimClient other = peopleTenant();
		other.post("/Users", "{\"userName\":\"elsewhere@fabrikam.com\"}");
		JsonNode idle = read(scim, "?after=" + second.path("next").asText());
		assertThat(idle.path("events")).isEmpty();
		assertThat(Long.parseLong(idle.path("next").asText()))
			.as("an idle consumer's cursor moves past other accounts' events")
			.isGreaterThan(Long.parseLong(second.path("next").asText()));
		scim.post("/Users", "{\"userName\":\"four@contoso.com\"}");
		JsonNode later = read(scim, "?after=" + idle.path("next").asText());
		assertThat(later.path("events")).extracting((e) -> e.path("data").path("uniqueIdentifier").asText())
			.containsExactly("four@contoso.com");
	}

	@Test
	void theHeadCursorSkipsWhatHappenedBefore() {
		ScimClient scim = peopleTenant();
		scim.post("/Users", "{\"userName\":\"before@contoso.com\"}");
		String head = admin().get("/accounts/" + scim.accountId() + "/events/head").body().path("cursor").asText();
		scim.post("/Users", "{\"userName\":\"after@contoso.com\"}");
		assertThat(read(scim, "?after=" + head).path("events"))
			.extracting((e) -> e.path("data").path("uniqueIdentifier").asText())
			.containsExactly("after@contoso.com");
	}

	@Test
	void aManagerIsALinkToTheManagersOwnRecord() {
		ScimClient scim = peopleTenant();
		String employee = scim.post("/Users", "{\"userName\":\"employee@contoso.com\"}").id();
		String manager = scim.post("/Users", "{\"userName\":\"boss@contoso.com\"}").id();
		scim.patch("/Users/" + employee,
				patch("[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"" + manager + "\"}]"));
		String employeeRecord = personId(scim, employee);
		String managerRecord = personId(scim, manager);
		assertThat(this.jdbcTemplate.queryForObject("select manager_record_id::text from person where id = ?::uuid",
				String.class, employeeRecord))
			.isEqualTo(managerRecord);

	}

	@Test
	void aManagerWhoseRecordArrivesAfterTheEmployeesIsLinkedThenAsAnUpdate() {
		ScimClient scim = newTenant();
		admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", """
				{"name":"people","target":"people","uniqueIdentifier":"object_id","fields":[
				 {"attribute":"userName","field":"Login"},{"attribute":"Manager","field":"Manager"}]}""", JSON);
		// No externalId yet: the manager's record cannot be made (blank unique
		// identifier).
		String manager = scim.post("/Users", "{\"userName\":\"boss@contoso.com\"}").id();
		String employee = scim.post("/Users", "{\"userName\":\"report@contoso.com\",\"externalId\":\"e-1\"}").id();
		scim.patch("/Users/" + employee,
				patch("[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"" + manager + "\"}]"));
		String employeeRecord = personId(scim, employee);
		assertThat(this.jdbcTemplate.queryForObject("select manager_record_id::text from person where id = ?::uuid",
				String.class, employeeRecord))
			.isNull();
		String head = admin().get("/accounts/" + scim.accountId() + "/events/head").body().path("cursor").asText();

		scim.patch("/Users/" + manager, patch("[{\"op\":\"Replace\",\"path\":\"externalId\",\"value\":\"m-1\"}]"));
		String managerRecord = personId(scim, manager);
		List<JsonNode> events = new ArrayList<>();
		read(scim, "?after=" + head).path("events").forEach(events::add);
		assertThat(events).extracting((e) -> e.path("type").asText())
			.containsExactly("person.created", "person.updated");
		JsonNode link = events.get(1);
		assertThat(link.path("record").path("id").asText()).isEqualTo(employeeRecord);
		assertThat(link.path("data").path("changes").path("managerRecordId").path("new").asText())
			.isEqualTo(managerRecord);
		assertThat(link.path("data").path("changes").has("Manager"))
			.as("the opaque SCIM id of the manager is not a change a reader sees")
			.isFalse();
	}

	@Test
	void aLoginUsersLevelComesAndGoesWithItsGroupsAsPermissionChanges() {
		ScimClient scim = newTenant();
		String accounts = "/accounts/" + scim.accountId();
		assertThat(admin().send("POST", accounts + "/mappings", """
				{"name":"Logins","target":"user_configuration","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"userName","field":"loginName"},
				           {"attribute":"emails[type eq \\"work\\"].value","field":"email","type":"email"}]}""", JSON)
			.status()).isEqualTo(201);
		String viewer = admin().send("POST", accounts + "/permission-levels", "{\"name\":\"Viewer\",\"rank\":10}", JSON)
			.id();
		String group = scim.post("/Groups", "{\"displayName\":\"Asset viewers\"}").id();
		assertThat(admin()
			.send("PUT", accounts + "/permission-levels/" + viewer + "/group", "{\"groupId\":\"" + group + "\"}", JSON)
			.status()).isEqualTo(204);
		String user = scim.post("/Users", "{\"userName\":\"ola@contoso.com\"}").id();
		String head = admin().get(accounts + "/events/head").body().path("cursor").asText();
		scim.patch("/Groups/" + group,
				patch("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"));
		scim.patch("/Users/" + user, patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));

		List<JsonNode> events = new ArrayList<>();
		read(scim, "?after=" + head).path("events").forEach(events::add);
		assertThat(events).extracting((e) -> e.path("type").asText())
			.containsExactly("login_user.reactivated", "login_user.permission_changed", "login_user.deactivated");
		JsonNode level = events.get(1).path("data").path("permissionLevel");
		assertThat(level.path("old").isNull()).isTrue();
		assertThat(level.path("new").path("name").asText()).isEqualTo("Viewer");
		assertThat(events.get(1).path("record").path("href").asText()).contains("/login-users/");
		assertThat(events.get(2).path("data").path("status").path("new").asText()).isEqualTo("deactivated");
	}

	@Test
	void reconciliationFindingAUserGoneFromEntraIsAnEntraStateChange() {
		ScimClient scim = peopleTenant();
		String user = scim.post("/Users", "{\"userName\":\"vanished@contoso.com\"}").id();
		String record = personId(scim, user);
		String head = admin().get("/accounts/" + scim.accountId() + "/events/head").body().path("cursor").asText();
		this.transactions.executeWithoutResult((status) -> this.pulled.setEntraState(FieldMap.Target.PEOPLE,
				scim.accountId(), UUID.fromString(record), PulledRecords.EntraState.GONE, "test"));

		List<JsonNode> events = new ArrayList<>();
		read(scim, "?after=" + head).path("events").forEach(events::add);
		assertThat(events).extracting((e) -> e.path("type").asText())
			.containsExactly("person.deactivated", "record.entra_state_changed");
		assertThat(events.get(1).path("data").path("entraState").path("old").asText()).isEqualTo("present");
		assertThat(events.get(1).path("data").path("entraState").path("new").asText()).isEqualTo("gone");
		assertThat(events.get(1).path("data").path("reason").asText()).contains("Gone from Entra");
	}

	@Autowired
	private PulledRecords pulled;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void badCursorsAndLimitsAreRefusedNamingTheParameter() {
		ScimClient scim = peopleTenant();
		String base = "/accounts/" + scim.accountId() + "/events";
		ScimResponse notCursor = admin().get(base + "?after=abc");
		assertThat(notCursor.status()).isEqualTo(400);
		assertThat(notCursor.body().path("detail").asText()).contains("after");
		ScimResponse ahead = admin().get(base + "?after=999999999999");
		assertThat(ahead.status()).isEqualTo(400);
		assertThat(ahead.body().path("detail").asText()).contains("ahead");
		ScimResponse limit = admin().get(base + "?limit=0");
		assertThat(limit.status()).isEqualTo(400);
		assertThat(limit.body().path("detail").asText()).contains("limit");
		assertThat(admin().get("/accounts/00000000-0000-0000-0000-000000000001/events").status()).isEqualTo(404);
	}

	@Test
	void aCursorBehindPurgedEventsIsGoneNamingTheRetention() {
		ScimClient scim = peopleTenant();
		scim.post("/Users", "{\"userName\":\"old@contoso.com\"}");
		String cursor = read(scim, "").path("next").asText();
		String early = "0";
		this.jdbcTemplate.update("update record_event set at = now() - interval '40 days' where account_id = ?::uuid",
				scim.accountId().toString());
		assertThat(this.retention.purge()).isGreaterThanOrEqualTo(1);
		ScimResponse gone = admin().get("/accounts/" + scim.accountId() + "/events?after=" + early);
		assertThat(gone.status()).isEqualTo(410);
		assertThat(gone.body().path("detail").asText()).contains("30 days").contains("records API");
		assertThat(admin().get("/accounts/" + scim.accountId() + "/events?after=" + cursor).status())
			.as("a cursor past the purged events is still good")
			.isEqualTo(200);
	}

	@Autowired
	private FeedRetention retention;

}
