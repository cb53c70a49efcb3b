package app.provisioning;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.support.FakeGraph;
import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.FakeGraphTenant;
import app.provisioning.support.OpenApiDocument;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code openapi/admin.yaml} true: the routes the running server maps under
 * {@code /api} and the routes the document describes are the same set, and real answers
 * of the administration API (statuses, headers, bodies, problems) are what the document
 * promises. The document's request examples are sent as they are, apart from names and
 * tenants that must be unique on the shared test server.
 */
class AdminOpenApiTest extends ScimIntegrationTest {

	private static final Path SPEC_FILE = Path.of("openapi", "admin.yaml");

	private static final String API_BASE = "/api";

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static OpenApiDocument document;

	@Autowired
	private ApplicationContext context;

	@Test
	void specificationParsesWithoutErrorsAndServesUnderApi() {
		OpenApiDocument read = OpenApiDocument.read(SPEC_FILE);
		assertThat(read.parserMessages()).as("swagger-parser messages for %s", SPEC_FILE).isEmpty();
		assertThat(read.openApi().getOpenapi()).startsWith("3.");
		assertThat(read.serversNotAt(API_BASE)).as("servers must resolve to %s", API_BASE).isEmpty();
		assertThat(read.openApi().getComponents().getSecuritySchemes()).containsKey("adminKey");
	}

	@Test
	void mappedAdminRoutesAndDocumentedRoutesAreTheSameSet() {
		document().assertSameRoutesAsServer(this.context, API_BASE);
	}

	@Test
	void accountOperationsAnswerAsDocumented() {
		String accountId = null;
		for (Map.Entry<String, String> example : document().requestExamples("POST", "/accounts", "application/json")
			.entrySet()) {
			ScimResponse created = post("/accounts", unique(example.getValue()));
			assertThat(created.status()).as("example %s: %s", example.getKey(), created).isEqualTo(201);
			assertDocumented("POST", "/accounts", created);
			assertThat(created.header("Location")).endsWith("/api/accounts/" + created.id());
			accountId = created.id();
		}
		assertThat(accountId).as("the document has request examples for POST /accounts").isNotNull();
		assertDocumented("GET", "/accounts", admin().get("/accounts"));
		assertDocumented("GET", "/accounts/{accountId}", admin().get("/accounts/" + accountId));
		for (Map.Entry<String, String> example : document()
			.requestExamples("PATCH", "/accounts/{accountId}", "application/json")
			.entrySet()) {
			ScimResponse changed = send("PATCH", "/accounts/" + accountId, unique(example.getValue()));
			assertThat(changed.status()).as("example %s: %s", example.getKey(), changed).isEqualTo(200);
			assertDocumented("PATCH", "/accounts/{accountId}", changed);
		}
		ScimResponse suspended = post("/accounts/" + accountId + "/suspend", null);
		assertDocumented("POST", "/accounts/{accountId}/suspend", suspended);
		assertThat(suspended.body().get("state").asText()).isEqualTo("suspended");
		assertDocumented("POST", "/accounts/{accountId}/activate", post("/accounts/" + accountId + "/activate", null));
	}

	@Test
	void refusalsAreDocumentedProblems() {
		String name = "Taken " + UUID.randomUUID();
		assertThat(post("/accounts", "{\"name\":\"" + name + "\"}").status()).isEqualTo(201);
		ScimResponse taken = post("/accounts", "{\"name\":\"" + name.toUpperCase() + "\"}");
		assertThat(taken.status()).isEqualTo(409);
		assertDocumented("POST", "/accounts", taken);
		assertThat(taken.contentType()).startsWith("application/problem+json");
		assertThat(taken.body().get("detail").asText()).contains("already exists");

		ScimResponse notJson = post("/accounts", "{\"name\":");
		assertThat(notJson.status()).isEqualTo(400);
		assertDocumented("POST", "/accounts", notJson);
		ScimResponse badTenant = post("/accounts",
				"{\"name\":\"T " + UUID.randomUUID() + "\",\"entraTenantId\":\"x\"}");
		assertThat(badTenant.status()).isEqualTo(400);
		assertDocumented("POST", "/accounts", badTenant);

		ScimResponse unknown = admin().get("/accounts/" + UUID.randomUUID());
		assertThat(unknown.status()).isEqualTo(404);
		assertDocumented("GET", "/accounts/{accountId}", unknown);
		ScimResponse notAnId = admin().get("/accounts/not-a-uuid");
		assertThat(notAnId.status()).isEqualTo(404);
		assertDocumented("GET", "/accounts/{accountId}", notAnId);

		ScimResponse anonymous = admin().send("GET", "/accounts", null, Map.of("Authorization", ""));
		assertThat(anonymous.status()).isEqualTo(401);
		assertDocumented("GET", "/accounts", anonymous);
		ScimResponse scimToken = admin().withToken(newTenant().token()).get("/accounts");
		assertThat(scimToken.status()).isEqualTo(401);
		assertDocumented("GET", "/accounts", scimToken);
		assertDocumented("GET", "/signing-keys", admin().withToken("not-a-key").get("/signing-keys"));
	}

	@Test
	void membersAndAccountKeysAnswerAsDocumented() {
		UUID accountId = newTenant().accountId();
		String members = "/accounts/" + accountId + "/members";
		String owner = null;
		for (Map.Entry<String, String> example : document()
			.requestExamples("POST", "/accounts/{accountId}/members", "application/json")
			.entrySet()) {
			ScimResponse added = post(members, example.getValue());
			assertThat(added.status()).as("example %s: %s", example.getKey(), added).isEqualTo(201);
			assertDocumented("POST", "/accounts/{accountId}/members", added);
			if (added.body().get("role").asText().equals("owner")) {
				owner = added.id();
			}
		}
		assertDocumented("POST", "/accounts/{accountId}/members", post(members, "{\"role\":\"owner\"}"));
		assertDocumented("GET", "/accounts/{accountId}/members", admin().get(members));
		ScimResponse lastOwner = admin().send("PATCH", members + "/" + owner,
				document().requestExamples("PATCH", "/accounts/{accountId}/members/{memberId}", "application/json")
					.get("promote"),
				JSON);
		assertThat(lastOwner.status()).isEqualTo(409);
		assertDocumented("PATCH", "/accounts/{accountId}/members/{memberId}", lastOwner);
		assertDocumented("DELETE", "/accounts/{accountId}/members/{memberId}", delete(members + "/" + owner));

		String keys = "/accounts/" + accountId + "/api-keys";
		String viewerKey = null;
		for (Map.Entry<String, String> example : document()
			.requestExamples("POST", "/accounts/{accountId}/api-keys", "application/json")
			.entrySet()) {
			ScimResponse issued = post(keys, example.getValue());
			assertThat(issued.status()).as("example %s: %s", example.getKey(), issued).isEqualTo(201);
			assertDocumented("POST", "/accounts/{accountId}/api-keys", issued);
			if (issued.body().get("role").asText().equals("viewer")) {
				viewerKey = issued.body().get("key").asText();
			}
		}
		ScimResponse forbidden = admin().withToken(viewerKey).send("POST", keys, "{}", JSON);
		assertThat(forbidden.status()).isEqualTo(403);
		assertDocumented("POST", "/accounts/{accountId}/api-keys", forbidden);
		ScimResponse listed = admin().withToken(viewerKey).get(keys);
		assertDocumented("GET", "/accounts/{accountId}/api-keys", listed);
		assertDocumented("DELETE", "/accounts/{accountId}/api-keys/{keyId}",
				delete(keys + "/" + listed.body().get(0).get("id").asText()));
		assertDocumented("GET", "/admin-keys", admin().withToken(viewerKey).get("/admin-keys"));

		String rules = "/accounts/" + accountId + "/sign-in-rules";
		String ruleId = null;
		for (Map.Entry<String, String> example : document()
			.requestExamples("POST", "/accounts/{accountId}/sign-in-rules", "application/json")
			.entrySet()) {
			ScimResponse added = post(rules, example.getValue());
			assertThat(added.status()).as("example %s: %s", example.getKey(), added).isEqualTo(201);
			assertDocumented("POST", "/accounts/{accountId}/sign-in-rules", added);
			ruleId = added.id();
		}
		assertDocumented("POST", "/accounts/{accountId}/sign-in-rules", post(rules, "{\"claim\":\"x\"}"));
		assertDocumented("GET", "/accounts/{accountId}/sign-in-rules", admin().get(rules));
		assertDocumented("DELETE", "/accounts/{accountId}/sign-in-rules/{ruleId}", delete(rules + "/" + ruleId));
		assertDocumented("DELETE", "/accounts/{accountId}/sign-in-rules/{ruleId}", delete(rules + "/" + ruleId));
	}

	@Test
	void credentialOperationsAnswerAsDocumented() {
		UUID accountId = newTenant().accountId();
		String tokens = "/accounts/" + accountId + "/scim-tokens";
		String tokenId = null;
		for (Map.Entry<String, String> example : document()
			.requestExamples("POST", "/accounts/{accountId}/scim-tokens", "application/json")
			.entrySet()) {
			ScimResponse issued = post(tokens, example.getValue());
			assertThat(issued.status()).as("example %s: %s", example.getKey(), issued).isEqualTo(201);
			assertDocumented("POST", "/accounts/{accountId}/scim-tokens", issued);
			assertThat(issued.body().get("token").asText()).isNotBlank();
			tokenId = issued.id();
		}
		assertDocumented("POST", "/accounts/{accountId}/scim-tokens",
				post(tokens, "{\"expiresAt\":\"2001-01-01T00:00:00Z\"}"));
		assertDocumented("GET", "/accounts/{accountId}/scim-tokens", admin().get(tokens));
		assertDocumented("DELETE", "/accounts/{accountId}/scim-tokens/{tokenId}", delete(tokens + "/" + tokenId));
		assertDocumented("DELETE", "/accounts/{accountId}/scim-tokens/{tokenId}",
				delete(tokens + "/" + UUID.randomUUID()));

		String clients = "/accounts/" + accountId + "/oauth-clients";
		ScimResponse client = post(clients,
				document().requestExamples("POST", "/accounts/{accountId}/oauth-clients", "application/json")
					.get("entra"));
		assertDocumented("POST", "/accounts/{accountId}/oauth-clients", client);
		assertThat(client.body().get("clientSecret").asText()).isNotBlank();
		assertDocumented("GET", "/accounts/{accountId}/oauth-clients", admin().get(clients));
		String secret = clients + "/" + client.id() + "/secret";
		assertDocumented("POST", "/accounts/{accountId}/oauth-clients/{clientUuid}/secret", post(secret, null));
		assertDocumented("DELETE", "/accounts/{accountId}/oauth-clients/{clientUuid}",
				delete(clients + "/" + client.id()));
		ScimResponse revoked = post(secret, null);
		assertThat(revoked.status()).isEqualTo(409);
		assertDocumented("POST", "/accounts/{accountId}/oauth-clients/{clientUuid}/secret", revoked);

		ScimResponse signingKeys = admin().get("/signing-keys");
		assertDocumented("GET", "/signing-keys", signingKeys);
		String signing = null;
		for (var key : signingKeys.body()) {
			if (key.get("signing").asBoolean()) {
				signing = key.get("kid").asText();
			}
		}
		if (signing != null) {
			assertDocumented("DELETE", "/signing-keys/{kid}", delete("/signing-keys/" + signing));
		}
		assertDocumented("DELETE", "/signing-keys/{kid}", delete("/signing-keys/no-such-key"));

		ScimResponse adminKey = post("/admin-keys",
				document().requestExamples("POST", "/admin-keys", "application/json").get("ops"));
		assertDocumented("POST", "/admin-keys", adminKey);
		assertDocumented("GET", "/admin-keys", admin().get("/admin-keys"));
		assertDocumented("DELETE", "/admin-keys/{keyId}", delete("/admin-keys/" + adminKey.id()));
		assertDocumented("DELETE", "/admin-keys/{keyId}", delete("/admin-keys/" + UUID.randomUUID()));
	}

	@Test
	void fieldMapAndPermissionOperationsAnswerAsDocumented() {
		ScimClient scim = newTenant();
		scim.post("/Users", userBody("alice@contoso.com"));
		String groupId = scim.post("/Groups", groupBody("Administrators")).id();
		assertDocumented("GET", "/entra-attributes", admin().get("/entra-attributes"));

		String maps = "/accounts/" + scim.accountId() + "/mappings";
		Map<String, String> mapIds = new java.util.TreeMap<>();
		for (Map.Entry<String, String> example : document()
			.requestExamples("POST", "/accounts/{accountId}/mappings", "application/json")
			.entrySet()) {
			ScimResponse created = post(maps, example.getValue());
			assertThat(created.status()).as("example %s: %s", example.getKey(), created).isEqualTo(201);
			assertDocumented("POST", "/accounts/{accountId}/mappings", created);
			mapIds.put(example.getKey(), created.id());
		}
		assertThat(mapIds).as("the document's request examples for POST /mappings")
			.containsKeys("people", "loginUsers");
		String mapId = mapIds.get("people");
		String people = document().requestExamples("POST", "/accounts/{accountId}/mappings", "application/json")
			.get("people");
		assertDocumented("POST", "/accounts/{accountId}/mappings", post(maps, people));
		ScimResponse invalid = post(maps,
				"{\"name\":\"Bad\",\"target\":\"people\",\"uniqueIdentifier\":\"user_principal_name\","
						+ "\"fields\":[{\"attribute\":\"shoeSize\",\"field\":\"Shoe\"}]}");
		assertThat(invalid.status()).isEqualTo(400);
		assertDocumented("POST", "/accounts/{accountId}/mappings", invalid);
		assertDocumented("GET", "/accounts/{accountId}/mappings", admin().get(maps));
		String map = maps + "/" + mapId;
		assertDocumented("GET", "/accounts/{accountId}/mappings/{mapId}", admin().get(map));
		assertDocumented("PUT", "/accounts/{accountId}/mappings/{mapId}",
				send("PUT", map,
						document().requestExamples("PUT", "/accounts/{accountId}/mappings/{mapId}", "application/json")
							.get("people")));
		ScimResponse preview = admin().get(map + "/preview?startIndex=1&count=10");
		assertDocumented("GET", "/accounts/{accountId}/mappings/{mapId}/preview", preview);
		assertThat(preview.body().get("rows")).hasSize(1);
		ScimResponse neverRun = admin().get(map + "/reapply");
		assertThat(neverRun.status()).isEqualTo(404);
		assertDocumented("GET", "/accounts/{accountId}/mappings/{mapId}/reapply", neverRun);
		assertThat(neverRun.body().get("detail").asText()).contains("POST");
		assertDocumented("POST", "/accounts/{accountId}/mappings/{mapId}/reapply", post(map + "/reapply", null));
		assertDocumented("GET", "/accounts/{accountId}/mappings/{mapId}/reapply", admin().get(map + "/reapply"));
		awaitReapply(map);

		String levels = "/accounts/" + scim.accountId() + "/permission-levels";
		String administrator = document()
			.requestExamples("POST", "/accounts/{accountId}/permission-levels", "application/json")
			.get("administrator");
		ScimResponse level = post(levels, administrator);
		assertDocumented("POST", "/accounts/{accountId}/permission-levels", level);
		ScimResponse twice = post(levels, administrator);
		assertThat(twice.status()).isEqualTo(409);
		assertDocumented("POST", "/accounts/{accountId}/permission-levels", twice);
		assertDocumented("POST", "/accounts/{accountId}/permission-levels", post(levels, "{\"name\":\"Viewer\"}"));
		String levelPath = levels + "/" + level.id();
		assertDocumented("PATCH", "/accounts/{accountId}/permission-levels/{levelId}",
				send("PATCH", levelPath, "{\"rank\":40}"));
		assertDocumented("PUT", "/accounts/{accountId}/permission-levels/{levelId}/group",
				send("PUT", levelPath + "/group", "{\"groupId\":\"" + groupId + "\"}"));
		ScimResponse listed = admin().get(levels);
		assertDocumented("GET", "/accounts/{accountId}/permission-levels", listed);
		assertThat(listed.body().get(0).get("groupId").asText()).isEqualTo(groupId);
		assertDocumented("DELETE", "/accounts/{accountId}/permission-levels/{levelId}/group",
				delete(levelPath + "/group"));
		assertDocumented("DELETE", "/accounts/{accountId}/permission-levels/{levelId}", delete(levelPath));
		assertDocumented("DELETE", "/accounts/{accountId}/permission-levels/{levelId}", delete(levelPath));
		// A map that has made no records yet: the re-applied one keeps its records and
		// stays.
		String unused = maps + "/" + mapIds.get("loginUsers");
		assertDocumented("DELETE", "/accounts/{accountId}/mappings/{mapId}", delete(unused));
		assertDocumented("GET", "/accounts/{accountId}/mappings/{mapId}", admin().get(unused));
	}

	@Test
	void entraConnectionAndReconciliationAnswerAsDocumented() {
		ScimClient scim = newTenant();
		String account = "/accounts/" + scim.accountId();
		assertDocumented("GET", "/accounts/{accountId}/entra-connection", admin().get(account + "/entra-connection"));
		assertDocumented("GET", "/accounts/{accountId}/reconciliation", admin().get(account + "/reconciliation"));
		String example = document().requestExamples("PUT", "/accounts/{accountId}/entra-connection", "application/json")
			.get("appRegistration");
		assertDocumented("PUT", "/accounts/{accountId}/entra-connection",
				send("PUT", account + "/entra-connection", example));
		assertDocumented("PUT", "/accounts/{accountId}/entra-connection",
				send("PUT", account + "/entra-connection", "{\"tenantId\":\"not a tenant\",\"clientId\":\"x\"}"));

		FakeGraphTenant tenant = FakeGraph.get().newTenant();
		tenant.addGroup("Asset admins").description("Who manages assets");
		FakeGraphApp app = tenant.newApp("User.Read.All", "GroupMember.Read.All", "Application.Read.All");
		ScimResponse saved = send("PUT", account + "/entra-connection", """
				{"tenantId":"%s","clientId":"%s","clientSecret":"%s","applicationObjectId":"%s"}"""
			.formatted(tenant.id(), app.clientId(), app.secret(), app.objectId()));
		assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
		ScimResponse tested = post(account + "/entra-connection/test", null);
		assertDocumented("POST", "/accounts/{accountId}/entra-connection/test", tested);
		assertThat(tested.body().get("outcome").asText()).isEqualTo("CONNECTED");
		assertDocumented("GET", "/accounts/{accountId}/entra-connection", admin().get(account + "/entra-connection"));
		ScimResponse groups = admin().get(account + "/entra-groups?search=Asset");
		assertDocumented("GET", "/accounts/{accountId}/entra-groups", groups);
		assertThat(groups.body()).hasSize(1);

		for (Map.Entry<String, String> schedule : document()
			.requestExamples("PUT", "/accounts/{accountId}/reconciliation", "application/json")
			.entrySet()) {
			ScimResponse settings = send("PUT", account + "/reconciliation", schedule.getValue());
			assertThat(settings.status()).as("example %s: %s", schedule.getKey(), settings).isEqualTo(200);
			assertDocumented("PUT", "/accounts/{accountId}/reconciliation", settings);
		}
		assertDocumented("PUT", "/accounts/{accountId}/reconciliation", send("PUT", account + "/reconciliation",
				"{\"schedule\":{\"kind\":\"interval\",\"intervalMinutes\":1}}"));

		String mapId = post(account + "/mappings",
				document().requestExamples("POST", "/accounts/{accountId}/mappings", "application/json").get("people"))
			.id();
		String selection = account + "/mappings/" + mapId + "/entra-groups";
		assertDocumented("GET", "/accounts/{accountId}/mappings/{mapId}/entra-groups", admin().get(selection));
		assertDocumented("PUT", "/accounts/{accountId}/mappings/{mapId}/entra-groups",
				send("PUT", selection, "[{\"groupId\":\"" + groups.body().get(0).get("id").asText()
						+ "\",\"displayName\":\"Asset admins\"}]"));
		assertDocumented("PUT", "/accounts/{accountId}/mappings/{mapId}/entra-groups", send("PUT", selection, "{}"));

		ScimResponse run = post(account + "/reconciliation/runs", null);
		assertDocumented("POST", "/accounts/{accountId}/reconciliation/runs", run);
		assertDocumented("GET", "/accounts/{accountId}/reconciliation/runs/{runId}",
				admin().get(account + "/reconciliation/runs/" + run.id()));
		assertDocumented("GET", "/accounts/{accountId}/reconciliation/runs/{runId}",
				admin().get(account + "/reconciliation/runs/" + UUID.randomUUID()));
		assertDocumented("GET", "/accounts/{accountId}/reconciliation/runs",
				admin().get(account + "/reconciliation/runs"));
		assertDocumented("GET", "/accounts/{accountId}/reconciliation", admin().get(account + "/reconciliation"));

		scim.post("/Users", userBody("bob@contoso.com"));
		UUID recordId = this.jdbcTemplate.queryForObject("SELECT id FROM person WHERE field_map_id = ?::uuid LIMIT 1",
				UUID.class, mapId);
		awaitRunsFinished(account);
		assertDocumented("POST", "/accounts/{accountId}/records/{recordId}/sync",
				post(account + "/records/" + recordId + "/sync", null));
		assertDocumented("POST", "/accounts/{accountId}/records/{recordId}/sync",
				post(account + "/records/" + UUID.randomUUID() + "/sync", null));
	}

	@Test
	void syncLogAnswersAsDocumented() {
		ScimClient scim = newTenant();
		String log = "/accounts/" + scim.accountId() + "/sync-log";
		post("/accounts/" + scim.accountId() + "/mappings",
				document().requestExamples("POST", "/accounts/{accountId}/mappings", "application/json").get("people"));
		scim.post("/Users", userBody("carol@contoso.com"));
		scim.post("/Users", userBody("dave@contoso.com"));
		ScimResponse page = admin().get(log + "?limit=1&origin=scim");
		assertDocumented("GET", "/accounts/{accountId}/sync-log", page);
		assertThat(page.body().get("entries")).hasSize(1);
		assertDocumented("GET", "/accounts/{accountId}/sync-log",
				admin().get(log + "?cursor=" + ScimClient.q(page.body().get("nextCursor").asText())));
		assertDocumented("GET", "/accounts/{accountId}/sync-log", admin().get(log + "?from=yesterday"));
		assertDocumented("GET", "/accounts/{accountId}/sync-log", admin().get(log + "?limit=0"));
		ScimResponse csv = admin().get(log + ".csv?outcome=applied");
		assertDocumented("GET", "/accounts/{accountId}/sync-log.csv", csv);
		assertThat(csv.rawBody()).startsWith("id,at,source,");
		assertDocumented("GET", "/accounts/{accountId}/sync-log.csv", admin().get(log + ".csv?to=soon"));
		assertDocumented("GET", "/accounts/{accountId}/sync-log.csv",
				admin().get("/accounts/" + UUID.randomUUID() + "/sync-log.csv"));
	}

	@Test
	void recordsAndChangeFeedAnswerAsDocumented() {
		ScimClient scim = newTenant();
		String account = "/accounts/" + scim.accountId();
		post(account + "/mappings",
				document().requestExamples("POST", "/accounts/{accountId}/mappings", "application/json").get("people"));
		scim.post("/Users", userBody("erin@contoso.com"));
		scim.post("/Users", userBody("frank@contoso.com"));
		ScimResponse page = admin().get(account + "/people?limit=1&status=active");
		assertDocumented("GET", "/accounts/{accountId}/people", page);
		assertThat(page.body().get("records")).hasSize(1);
		assertDocumented("GET", "/accounts/{accountId}/people",
				admin().get(account + "/people?cursor=" + ScimClient.q(page.body().get("nextCursor").asText())));
		assertDocumented("GET", "/accounts/{accountId}/people", admin().get(account + "/people?source=ldap"));
		assertDocumented("GET", "/accounts/{accountId}/people",
				admin().get("/accounts/" + UUID.randomUUID() + "/people"));
		String recordId = page.body().get("records").get(0).get("id").asText();
		assertDocumented("GET", "/accounts/{accountId}/people/{recordId}",
				admin().get(account + "/people/" + recordId));
		assertDocumented("GET", "/accounts/{accountId}/people/{recordId}",
				admin().get(account + "/people/" + UUID.randomUUID()));
		assertDocumented("GET", "/accounts/{accountId}/people/by-unique-identifier/{value}",
				admin().get(account + "/people/by-unique-identifier/erin@contoso.com"));
		assertDocumented("GET", "/accounts/{accountId}/people/by-unique-identifier/{value}",
				admin().get(account + "/people/by-unique-identifier/nobody@contoso.com"));
		assertDocumented("GET", "/accounts/{accountId}/login-users",
				admin().get(account + "/login-users?permissionLevel=Viewer"));
		assertDocumented("GET", "/accounts/{accountId}/login-users", admin().get(account + "/login-users?limit=0"));
		assertDocumented("GET", "/accounts/{accountId}/login-users/{recordId}",
				admin().get(account + "/login-users/" + recordId));
		assertDocumented("GET", "/accounts/{accountId}/login-users/by-unique-identifier/{value}",
				admin().get(account + "/login-users/by-unique-identifier/erin@contoso.com"));

		ScimResponse events = admin().get(account + "/events?limit=1");
		assertDocumented("GET", "/accounts/{accountId}/events", events);
		assertThat(events.body().get("hasMore").asBoolean()).isTrue();
		assertDocumented("GET", "/accounts/{accountId}/events", admin().get(account + "/events?after=abc"));
		ScimResponse head = admin().get(account + "/events/head");
		assertDocumented("GET", "/accounts/{accountId}/events/head", head);
		String eventId = events.body().get("events").get(0).get("id").asText();
		assertDocumented("GET", "/accounts/{accountId}/events/{eventId}", admin().get(account + "/events/" + eventId));
		assertDocumented("GET", "/accounts/{accountId}/events/{eventId}", admin().get(account + "/events/nope"));
		assertDocumented("GET", "/accounts/{accountId}/events/{eventId}", admin().get(account + "/events/evt_0"));
	}

	// --- helpers ---

	private static synchronized OpenApiDocument document() {
		if (document == null) {
			OpenApiDocument read = OpenApiDocument.read(SPEC_FILE);
			assertThat(read.parserMessages()).as("swagger-parser messages for %s", SPEC_FILE).isEmpty();
			document = read;
		}
		return document;
	}

	private static void assertDocumented(String method, String template, ScimResponse response) {
		document().assertDocumented(method, template, response);
	}

	/**
	 * An example body with the account name and Entra tenant made unique on the shared
	 * server.
	 */
	private static String unique(String json) {
		ObjectNode body = (ObjectNode) ScimClient.json(json);
		if (body.has("name")) {
			body.put("name", body.get("name").asText() + " " + UUID.randomUUID());
		}
		if (body.has("entraTenantId")) {
			body.put("entraTenantId", UUID.randomUUID().toString());
		}
		return body.toString();
	}

	private ScimResponse post(String path, String body) {
		return send("POST", path, body);
	}

	private ScimResponse send(String method, String path, String body) {
		return admin().send(method, path, body, (body != null) ? JSON : Map.of());
	}

	private ScimResponse delete(String path) {
		return admin().delete(path);
	}

	private void awaitReapply(String map) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (admin().get(map + "/reapply").body().get("state").asText().equals("running")) {
			assertThat(Instant.now()).as("re-apply still running").isBefore(deadline);
			sleep();
		}
	}

	private void awaitRunsFinished(String account) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (true) {
			boolean busy = false;
			for (var run : admin().get(account + "/reconciliation/runs").body()) {
				String state = run.get("state").asText();
				busy |= state.equals("queued") || state.equals("running");
			}
			if (!busy) {
				return;
			}
			assertThat(Instant.now()).as("reconciliation run still going").isBefore(deadline);
			sleep();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
