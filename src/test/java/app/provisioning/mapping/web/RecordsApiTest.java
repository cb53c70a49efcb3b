package app.provisioning.mapping.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the asset application reads through the records API, and how bad requests are
 * refused.
 */
class RecordsApiTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	private String map(ScimClient scim, String name, String target) {
		ScimResponse map = admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", "{\"name\":\"" + name
				+ "\",\"target\":\"" + target + "\",\"uniqueIdentifier\":\"user_principal_name\",\"fields\":["
				+ "{\"attribute\":\"userName\",\"field\":\"Login\"},{\"attribute\":\"Department\",\"field\":\"Department\"},"
				+ "{\"attribute\":\"Manager\",\"field\":\"Manager\"}]}", JSON);
		assertThat(map.status()).as(map.rawBody()).isEqualTo(201);
		return map.id();
	}

	private static String patch(String operations) {
		return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + operations + "}";
	}

	private JsonNode get(ScimClient scim, String path) {
		ScimResponse answer = admin().get("/accounts/" + scim.accountId() + path);
		assertThat(answer.status()).as(answer.rawBody()).isEqualTo(200);
		return answer.body();
	}

	private ScimResponse refused(ScimClient scim, String path, int status) {
		ScimResponse answer = admin().get("/accounts/" + scim.accountId() + path);
		assertThat(answer.status()).as(answer.rawBody()).isEqualTo(status);
		return answer;
	}

	private static List<String> keys(JsonNode page) {
		List<String> keys = new ArrayList<>();
		page.path("records").forEach((r) -> keys.add(r.path("uniqueIdentifier").asText()));
		return keys;
	}

	@Test
	void aPersonShowsItsValuesStateOriginVersionAndLinks() {
		ScimClient scim = newTenant();
		String mapId = map(scim, "people", "people");
		String user = scim
			.post("/Users",
					"{\"userName\":\"adele@contoso.com\",\"externalId\":\"obj-1\",\"" + ENTERPRISE
							+ "\":{\"department\":\"Retail\"}}")
			.id();
		scim.patch("/Users/" + user,
				patch("[{\"op\":\"Replace\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"Sales\"}]"));

		JsonNode page = get(scim, "/people");
		assertThat(page.path("records")).hasSize(1);
		assertThat(page.path("nextCursor").isNull()).isTrue();
		JsonNode record = page.path("records").get(0);
		String id = record.path("id").asText();
		assertThat(record.path("type").asText()).isEqualTo("person");
		assertThat(record.path("fieldMap").path("id").asText()).isEqualTo(mapId);
		assertThat(record.path("fieldMap").path("name").asText()).isEqualTo("people");
		assertThat(record.path("uniqueIdentifier").asText()).isEqualTo("adele@contoso.com");
		assertThat(record.path("fields").path("Department").asText()).isEqualTo("Sales");
		assertThat(record.path("status").asText()).isEqualTo("active");
		assertThat(record.path("integrationStatus").asText()).isEqualTo("updated");
		assertThat(record.path("source").asText()).isEqualTo("push");
		assertThat(record.path("scimUserId").asText()).isEqualTo(user);
		assertThat(record.path("version").asLong()).isEqualTo(2);
		assertThat(record.path("createdAt").asText()).endsWith("Z");
		assertThat(record.has("permissionLevel")).isFalse();
		assertThat(record.path("links").path("self").asText())
			.isEqualTo("/api/accounts/" + scim.accountId() + "/people/" + id);
		assertThat(get(scim, "/people/" + id)).isEqualTo(record);

		String timeline = record.path("links").path("timeline").asText();
		assertThat(timeline).startsWith("/api/");
		JsonNode log = admin().get(timeline.substring("/api".length())).body();
		assertThat(log.path("entries")).isNotEmpty();
		assertThat(log.path("entries")).allSatisfy((e) -> assertThat(e.path("resourceId").asText()).isIn(id, user));

		scim.patch("/Users/" + user, patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
		JsonNode inactive = get(scim, "/people/" + id);
		assertThat(inactive.path("status").asText()).isEqualTo("inactive");
		assertThat(inactive.path("version").asLong()).isEqualTo(3);
	}

	@Test
	void pagesFollowTheCursorAndEveryFilterNarrowsTheList() {
		ScimClient scim = newTenant();
		map(scim, "people", "people");
		List<String> users = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			users.add(scim.post("/Users", userBody("user" + i + "@contoso.com")).id());
		}
		scim.patch("/Users/" + users.get(4), patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));

		List<String> seen = new ArrayList<>();
		JsonNode page = get(scim, "/people?limit=2");
		seen.addAll(keys(page));
		// A record written while paging lands in id order; nothing already there is
		// repeated or skipped.
		scim.post("/Users", userBody("late@contoso.com"));
		while (!page.path("nextCursor").isNull()) {
			assertThat(page.path("records")).hasSize(2);
			page = get(scim, "/people?limit=2&cursor=" + page.path("nextCursor").asText());
			seen.addAll(keys(page));
		}
		assertThat(seen).doesNotHaveDuplicates()
			.contains("user0@contoso.com", "user1@contoso.com", "user2@contoso.com", "user3@contoso.com",
					"user4@contoso.com");

		assertThat(keys(get(scim, "/people?status=inactive"))).containsExactly("user4@contoso.com");
		assertThat(keys(get(scim, "/people?status=active"))).hasSize(5).doesNotContain("user4@contoso.com");
		assertThat(keys(get(scim, "/people?integrationStatus=deactivated_by_entra")))
			.containsExactly("user4@contoso.com");
		assertThat(keys(get(scim, "/people?uniqueIdentifier=USER2@contoso.com"))).containsExactly("user2@contoso.com");
		assertThat(keys(get(scim, "/people?source=push"))).hasSize(6);
		assertThat(keys(get(scim, "/people?source=pull"))).isEmpty();
		assertThat(keys(get(scim, "/people?changedSince=2000-01-01"))).hasSize(6);
		assertThat(keys(get(scim, "/people?changedSince=2999-01-01T00:00:00Z"))).isEmpty();
	}

	@Test
	void badFiltersCursorsAndLimitsAreRefusedNamingTheParameter() {
		ScimClient scim = newTenant();
		map(scim, "people", "people");
		scim.post("/Users", userBody("one@contoso.com"));
		assertThat(refused(scim, "/people?status=gone", 400).rawBody()).contains("status", "active", "inactive");
		assertThat(refused(scim, "/people?integrationStatus=fine", 400).rawBody()).contains("integrationStatus",
				"provisioned");
		assertThat(refused(scim, "/people?source=ldap", 400).rawBody()).contains("source", "push", "pull");
		assertThat(refused(scim, "/people?changedSince=yesterday", 400).rawBody()).contains("changedSince");
		assertThat(refused(scim, "/people?changedSince=0001-01-01", 400).rawBody()).contains("changedSince");
		assertThat(refused(scim, "/people?cursor=not-a-cursor", 400).rawBody()).contains("cursor");
		assertThat(refused(scim, "/people?limit=0", 400).rawBody()).contains("limit");
		assertThat(refused(scim, "/people?limit=1001", 400).rawBody()).contains("limit");
		assertThat(refused(scim, "/people?fieldMap=nope", 400).rawBody()).contains("fieldMap");
		assertThat(refused(scim, "/people?uniqueIdentifier=a%00b", 400).rawBody()).contains("uniqueIdentifier");
		assertThat(refused(scim, "/login-users?permissionLevel=Viewer&status=maybe", 400).rawBody()).contains("status");
		assertThat(refused(scim, "/people/not-a-uuid", 404).rawBody()).contains("recordId");
		assertThat(refused(scim, "/people/00000000-0000-0000-0000-000000000000", 404).rawBody()).contains("not found");
		assertThat(admin().get("/accounts/00000000-0000-0000-0000-000000000000/people").status()).isEqualTo(404);
	}

	@Test
	void aUniqueIdentifierFindsItsRecordOrNamesTheMapsThatShareIt() {
		ScimClient scim = newTenant();
		String staff = map(scim, "staff", "people");
		String contractors = map(scim, "contractors", "people");
		scim.post("/Users", userBody("shared@contoso.com"));

		ScimResponse both = refused(scim, "/people/by-unique-identifier/Shared@contoso.com", 409);
		assertThat(both.rawBody()).contains("staff", "contractors", "fieldMap");
		JsonNode one = get(scim, "/people/by-unique-identifier/Shared@contoso.com?fieldMap=" + contractors);
		assertThat(one.path("fieldMap").path("id").asText()).isEqualTo(contractors);
		assertThat(one.path("uniqueIdentifier").asText()).isEqualTo("shared@contoso.com");
		assertThat(keys(get(scim, "/people?fieldMap=" + staff))).containsExactly("shared@contoso.com");
		refused(scim, "/people/by-unique-identifier/nobody@contoso.com", 404);
		refused(scim, "/login-users/by-unique-identifier/shared@contoso.com", 404);
	}

	@Test
	void aManagerIsALinkToTheManagersRecordOrPendingUntilItArrives() {
		ScimClient scim = newTenant();
		map(scim, "people", "people");
		String employee = scim.post("/Users", userBody("employee@contoso.com")).id();
		String manager = scim.post("/Users", userBody("boss@contoso.com")).id();
		scim.patch("/Users/" + employee,
				patch("[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"" + manager + "\"}]"));
		String bossRecord = get(scim, "/people/by-unique-identifier/boss@contoso.com").path("id").asText();
		JsonNode record = get(scim, "/people/by-unique-identifier/employee@contoso.com");
		assertThat(record.path("manager").path("id").asText()).isEqualTo(bossRecord);
		assertThat(record.path("manager").path("href").asText())
			.isEqualTo("/api/accounts/" + scim.accountId() + "/people/" + bossRecord);
		assertThat(record.path("fields").has("Manager")).as("the opaque SCIM id is not shown").isFalse();
		assertThat(record.has("managerPending")).isFalse();

		String report = scim.post("/Users", userBody("report@contoso.com")).id();
		scim.patch("/Users/" + report, patch("[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE
				+ ":manager\",\"value\":\"11111111-2222-3333-4444-555555555555\"}]"));
		JsonNode waiting = get(scim, "/people/by-unique-identifier/report@contoso.com");
		assertThat(waiting.path("manager").isNull()).isTrue();
		assertThat(waiting.path("managerPending").asBoolean()).isTrue();
	}

	@Test
	void anotherAccountsRecordIsNotFoundAndNeverShown() {
		ScimClient mine = newTenant();
		map(mine, "people", "people");
		mine.post("/Users", userBody("mine@contoso.com"));
		ScimClient theirs = newTenant();
		String theirMap = map(theirs, "people", "people");
		theirs.post("/Users", userBody("theirs@fabrikam.com"));
		String theirRecord = get(theirs, "/people").path("records").get(0).path("id").asText();

		ScimResponse answer = refused(mine, "/people/" + theirRecord, 404);
		assertThat(answer.rawBody()).doesNotContain("theirs@fabrikam.com");
		assertThat(keys(get(mine, "/people"))).containsExactly("mine@contoso.com");
		refused(mine, "/people/by-unique-identifier/theirs@fabrikam.com", 404);
		refused(mine, "/login-users/" + theirRecord, 404);
		assertThat(refused(mine, "/people?fieldMap=" + theirMap, 400).rawBody()).contains("fieldMap")
			.doesNotContain("theirs@fabrikam.com");
		refused(mine, "/people/by-unique-identifier/theirs@fabrikam.com?fieldMap=" + theirMap, 400);
	}

	@Test
	void aLoginUserShowsItsPermissionLevelAndFiltersByIt() {
		ScimClient scim = newTenant();
		assertThat(admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", """
				{"name":"logins","target":"user_configuration","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"userName","field":"loginName"},
				           {"attribute":"emails[type eq \\"work\\"].value","field":"email","type":"email"}]}""", JSON)
			.status()).isEqualTo(201);
		ScimResponse level = admin().send("POST", "/accounts/" + scim.accountId() + "/permission-levels",
				"{\"name\":\"Viewer\",\"rank\":10}", JSON);
		String viewers = scim.post("/Groups", groupBody("Asset viewers")).id();
		assertThat(admin()
			.send("PUT", "/accounts/" + scim.accountId() + "/permission-levels/" + level.id() + "/group",
					"{\"groupId\":\"" + viewers + "\"}", JSON)
			.status()).isEqualTo(204);
		String ola = scim.post("/Users", userBody("ola@contoso.com")).id();
		scim.post("/Users", userBody("kari@contoso.com"));
		scim.patch("/Groups/" + viewers,
				patch("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ola + "\"}]}]"));

		JsonNode record = get(scim, "/login-users/by-unique-identifier/ola@contoso.com");
		assertThat(record.path("type").asText()).isEqualTo("login_user");
		assertThat(record.path("permissionLevel").path("id").asText()).isEqualTo(level.id());
		assertThat(record.path("permissionLevel").path("name").asText()).isEqualTo("Viewer");
		assertThat(record.path("status").asText()).isEqualTo("active");
		assertThat(keys(get(scim, "/login-users?permissionLevel=viewer"))).containsExactly("ola@contoso.com");
		assertThat(keys(get(scim, "/login-users?permissionLevel=" + level.id()))).containsExactly("ola@contoso.com");
		assertThat(keys(get(scim, "/login-users?status=inactive"))).containsExactly("kari@contoso.com");
		assertThat(refused(scim, "/people?permissionLevel=Viewer", 400).rawBody()).contains("permissionLevel");
		assertThat(get(scim, "/people").path("records")).isEmpty();
	}

	@Test
	void theFeedsEventsPointAtRecordsThatAnswerWithTheEventsVersion() {
		ScimClient scim = newTenant();
		map(scim, "people", "people");
		String head = get(scim, "/events/head").path("cursor").asText();
		String user = scim.post("/Users", userBody("grace@contoso.com")).id();
		scim.patch("/Users/" + user, patch("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
		JsonNode events = get(scim, "/events?after=" + head).path("events");
		assertThat(events).extracting((e) -> e.path("type").asText())
			.containsExactly("person.created", "person.deactivated");
		JsonNode last = events.get(1).path("record");
		JsonNode record = admin().get(last.path("href").asText().substring("/api".length())).body();
		assertThat(record.path("id").asText()).isEqualTo(last.path("id").asText());
		assertThat(record.path("version").asLong()).isEqualTo(last.path("version").asLong());
		assertThat(record.path("status").asText()).isEqualTo("inactive");
		refused(scim, "/people/by-unique-identifier/%20", 404);
	}

}
