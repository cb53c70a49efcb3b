package app.provisioning.audit;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Administrative changes land in the audit trail with who, from where, before and after,
 * and never a secret.
 */
class AuditTrailTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private JsonNode events(ScimClient caller, UUID account) {
		ScimResponse page = caller.get("/accounts/" + account + "/audit");
		assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
		return page.body().get("events");
	}

	private String everything() {
		return String.join("\n",
				this.jdbcTemplate.queryForList("SELECT audit_event::text FROM audit_event", String.class));
	}

	@Test
	void aSettingsChangeIsRecordedWithWhoFromWhereBeforeAndAfter() {
		UUID account = newTenant().accountId();
		ScimResponse changed = admin().send("PATCH", "/accounts/" + account, "{\"acceptEntraTokens\":true}", Map
			.of("Content-Type", "application/json", "X-Forwarded-For", "203.0.113.9", "User-Agent", "ops-script/1.0"));
		assertThat(changed.status()).isEqualTo(200);
		JsonNode event = events(admin(), account).get(0);
		assertThat(event.get("actor").asText()).startsWith("admin key");
		assertThat(event.get("action").asText()).isEqualTo("PATCH /api/accounts/{id}");
		assertThat(event.get("target").asText()).isEqualTo("/api/accounts/" + account);
		assertThat(event.get("status").asInt()).isEqualTo(200);
		assertThat(event.get("userAgent").asText()).isEqualTo("ops-script/1.0");
		assertThat(event.get("before").get("acceptEntraTokens").asBoolean()).isFalse();
		assertThat(event.get("after").get("acceptEntraTokens").asBoolean()).isTrue();

		ScimResponse refused = admin().send("PATCH", "/accounts/" + account, "{\"entraTenantId\":\"contoso.com\"}",
				JSON);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(events(admin(), account)).hasSize(1);
	}

	@Test
	void secretsNeverReachTheTrail() {
		UUID account = newTenant().accountId();
		String clientSecret = "graph-secret-" + UUID.randomUUID();
		ScimResponse connection = admin().send("PUT", "/accounts/" + account + "/entra-connection",
				"{\"tenantId\":\"" + UUID.randomUUID() + "\",\"clientId\":\"" + UUID.randomUUID()
						+ "\",\"clientSecret\":\"" + clientSecret + "\",\"applicationObjectId\":\"" + UUID.randomUUID()
						+ "\"}",
				JSON);
		assertThat(connection.status()).as(connection.rawBody()).isEqualTo(200);
		String key = admin().send("POST", "/accounts/" + account + "/api-keys", "{\"label\":\"export\"}", JSON)
			.body()
			.get("key")
			.asText();
		String token = admin().send("POST", "/accounts/" + account + "/scim-tokens", "{\"label\":\"Entra\"}", JSON)
			.body()
			.get("token")
			.asText();
		String adminKey = admin().send("POST", "/admin-keys", "{\"label\":\"audit test\"}", JSON)
			.body()
			.get("key")
			.asText();

		JsonNode events = events(admin(), account);
		assertThat(events).hasSize(3);
		JsonNode put = events.get(2);
		assertThat(put.get("action").asText()).isEqualTo("PUT /api/accounts/{accountId}/entra-connection");
		assertThat(put.get("after").get("clientSecretSet").asBoolean()).isTrue();
		assertThat(events.get(1).get("after").get("label").asText()).isEqualTo("export");
		String trail = everything();
		assertThat(trail).doesNotContain(clientSecret)
			.doesNotContain(key)
			.doesNotContain(token)
			.doesNotContain(adminKey);
		ScimResponse operator = admin().get("/audit");
		assertThat(operator.rawBody()).contains("POST /api/admin-keys").contains("audit test");
	}

	@Test
	void ownersAndAdministratorsReadTheTrailViewersAndOtherAccountsDoNot() {
		UUID account = newTenant().accountId();
		UUID other = newTenant().accountId();
		String administrator = admin()
			.send("POST", "/accounts/" + account + "/api-keys", "{\"role\":\"administrator\"}", JSON)
			.body()
			.get("key")
			.asText();
		String viewer = admin().send("POST", "/accounts/" + account + "/api-keys", "{\"role\":\"viewer\"}", JSON)
			.body()
			.get("key")
			.asText();
		ScimClient automation = admin().withToken(administrator);
		automation.send("POST", "/accounts/" + account + "/permission-levels",
				"{\"name\":\"Asset manager\",\"rank\":10}", JSON);
		JsonNode events = events(automation, account);
		assertThat(events.get(0).get("actor").asText()).startsWith("api key");
		assertThat(events.get(0).get("after").get("name").asText()).isEqualTo("Asset manager");
		assertThat(admin().withToken(viewer).get("/accounts/" + account + "/audit").status()).isEqualTo(403);
		assertThat(automation.get("/accounts/" + other + "/audit").status()).isEqualTo(404);
		assertThat(automation.get("/audit").status()).isEqualTo(403);
		assertThat(admin().get("/accounts/" + UUID.randomUUID() + "/audit").status()).isEqualTo(404);
		assertThat(admin().get("/accounts/" + account + "/audit?limit=0").status()).isEqualTo(400);

		ScimResponse csv = automation.get("/accounts/" + account + "/audit.csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
		assertThat(csv.rawBody()).startsWith("id,at,actor,address,action,target,status,before,after\r\n")
			.contains("POST /api/accounts/{accountId}/permission-levels");
	}

	@Test
	void aDeletedSettingKeepsItsLastValue() {
		UUID account = newTenant().accountId();
		String level = admin()
			.send("POST", "/accounts/" + account + "/permission-levels", "{\"name\":\"Read only\",\"rank\":1}", JSON)
			.id();
		assertThat(admin().delete("/accounts/" + account + "/permission-levels/" + level).status()).isEqualTo(204);
		JsonNode deleted = events(admin(), account).get(0);
		assertThat(deleted.get("action").asText()).isEqualTo("DELETE /api/accounts/{accountId}/permission-levels/{id}");
		assertThat(deleted.get("before").get("name").asText()).isEqualTo("Read only");
		assertThat(deleted.get("after").isNull()).isTrue();
		String csvLine = admin().get("/accounts/" + account + "/audit.csv").rawBody();
		assertThat(csvLine).contains("Read only");
	}

	@Test
	void operatorActionsOutsideAccountsAndReceiversAddressesAreRecordedWithoutTheirSecrets() {
		String adminKeyId = admin().send("POST", "/admin-keys", "{\"label\":\"to revoke\"}", JSON).id();
		assertThat(admin().delete("/admin-keys/" + adminKeyId).status()).isEqualTo(200);
		ScimResponse operator = admin().get("/audit");
		assertThat(operator.rawBody()).contains("DELETE /api/admin-keys/{id}")
			.contains("/api/admin-keys/" + adminKeyId);

		UUID account = newTenant().accountId();
		ScimResponse endpoint = admin().send("POST", "/accounts/" + account + "/webhooks",
				"{\"url\":\"http://127.0.0.1:9/services/T0/B0/chat-token?sig=abc\"}", JSON);
		assertThat(endpoint.status()).as(endpoint.rawBody()).isEqualTo(201);
		String trail = everything();
		assertThat(trail).contains("http://127.0.0.1:9/…").doesNotContain("chat-token").doesNotContain("sig=abc");
	}

}
