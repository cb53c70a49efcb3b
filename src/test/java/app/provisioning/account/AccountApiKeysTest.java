package app.provisioning.account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account API keys: issued by an account's administrators, acting in that account only,
 * with their role.
 */
class AccountApiKeysTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private ScimClient as(String key) {
		return admin().withToken(key);
	}

	private ScimResponse issue(ScimClient by, UUID accountId, String body) {
		return by.send("POST", "/accounts/" + accountId + "/api-keys", body, JSON);
	}

	private String issuedKey(ScimClient by, UUID accountId, String role) {
		ScimResponse issued = issue(by, accountId, "{\"label\":\"automation\",\"role\":\"" + role + "\"}");
		assertThat(issued.status()).as(issued.rawBody()).isEqualTo(201);
		return issued.body().get("key").asText();
	}

	@Test
	void issuedKeyIsShownOnceAndActsInItsAccountOnly() {
		UUID account = newTenant().accountId();
		UUID other = newTenant().accountId();
		ScimResponse issued = issue(admin(), account, "{\"label\":\"nightly export\",\"role\":\"administrator\"}");
		assertThat(issued.status()).isEqualTo(201);
		assertThat(issued.header("Location")).endsWith("/api/accounts/" + account + "/api-keys/" + issued.id());
		assertThat(issued.body().get("role").asText()).isEqualTo("administrator");
		assertThat(issued.body().get("createdBy").asText()).startsWith("admin key");
		Instant expires = Instant.parse(issued.body().get("expiresAt").asText());
		assertThat(expires).isBetween(Instant.now().plus(364, ChronoUnit.DAYS),
				Instant.now().plus(366, ChronoUnit.DAYS));
		String key = issued.body().get("key").asText();

		ScimResponse listed = admin().get("/accounts/" + account + "/api-keys");
		assertThat(listed.rawBody()).contains(issued.id()).doesNotContain(key);
		assertThat(listed.body().get(0).get("key").isNull()).isTrue();

		ScimClient automation = as(key);
		ScimResponse own = automation.get("/accounts");
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.body()).hasSize(1);
		assertThat(own.body().get(0).get("id").asText()).isEqualTo(account.toString());
		assertThat(automation.get("/accounts/" + account).status()).isEqualTo(200);
		assertThat(automation.get("/accounts/" + account + "/mappings").status()).isEqualTo(200);
		assertThat(automation.get("/entra-attributes").status()).isEqualTo(200);

		// Another account looks exactly like one that does not exist.
		UUID nonexistent = UUID.randomUUID();
		ScimResponse foreign = automation.get("/accounts/" + other);
		ScimResponse missing = admin().get("/accounts/" + nonexistent);
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.contentType()).startsWith("application/problem+json");
		assertThat(foreign.body().get("detail").asText())
			.isEqualTo(missing.body().get("detail").asText().replace(nonexistent.toString(), other.toString()));

		ScimResponse lastUse = admin().get("/accounts/" + account + "/api-keys");
		assertThat(lastUse.body().get(0).get("lastUsedAt").isNull()).isFalse();
	}

	@Test
	void operatorRoutesAndOperatorFieldsAreRefusedWithAReason() {
		UUID account = newTenant().accountId();
		ScimClient automation = as(issuedKey(admin(), account, "administrator"));
		for (String[] route : new String[][] { { "POST", "/accounts" }, { "GET", "/admin-keys" },
				{ "POST", "/admin-keys" }, { "GET", "/signing-keys" }, { "POST", "/signing-keys/rotate" },
				{ "POST", "/accounts/" + account + "/suspend" }, { "POST", "/accounts/" + account + "/activate" } }) {
			ScimResponse refused = automation.send(route[0], route[1], "{}", JSON);
			assertThat(refused.status()).as(route[0] + " " + route[1]).isEqualTo(403);
			assertThat(refused.body().get("detail").asText()).as(route[1]).contains("only the operator");
		}
		assertThat(admin().get("/accounts/" + account).body().get("state").asText()).isEqualTo("active");
		ScimResponse rename = automation.send("PATCH", "/accounts/" + account, "{\"name\":\"mine now\"}", JSON);
		assertThat(rename.status()).isEqualTo(403);
		assertThat(rename.body().get("detail").asText()).contains("acceptEntraTokens");
		ScimResponse tokens = automation.send("PATCH", "/accounts/" + account, "{\"acceptEntraTokens\":true}", JSON);
		assertThat(tokens.status()).as(tokens.rawBody()).isEqualTo(200);
		assertThat(tokens.body().get("acceptEntraTokens").asBoolean()).isTrue();
		assertThat(tokens.body().get("name").asText()).startsWith("test-");
	}

	@Test
	void viewerReadsButEveryWriteIsForbiddenAndChangesNothing() {
		UUID account = newTenant().accountId();
		ScimClient viewer = as(issuedKey(admin(), account, "viewer"));
		assertThat(viewer.get("/accounts/" + account + "/scim-tokens").status()).isEqualTo(200);
		ScimResponse token = viewer.send("POST", "/accounts/" + account + "/scim-tokens", "{}", JSON);
		assertThat(token.status()).isEqualTo(403);
		assertThat(token.body().get("detail").asText()).contains("administrator role").contains("has viewer");
		assertThat(issue(viewer, account, "{\"role\":\"viewer\"}").status()).isEqualTo(403);
		assertThat(admin().get("/accounts/" + account + "/scim-tokens").body()).hasSize(1);
		assertThat(admin().get("/accounts/" + account + "/api-keys").body()).hasSize(1);
	}

	@Test
	void keysNeverIssueKeysNorOwnAnAccount() {
		UUID account = newTenant().accountId();
		ScimClient administrator = as(issuedKey(admin(), account, "administrator"));
		ScimResponse byKey = issue(administrator, account, "{\"role\":\"viewer\"}");
		assertThat(byKey.status()).isEqualTo(403);
		assertThat(byKey.body().get("detail").asText()).contains("API keys cannot issue API keys");
		ScimResponse owner = issue(admin(), account, "{\"role\":\"owner\"}");
		assertThat(owner.status()).isEqualTo(400);
		assertThat(owner.body().get("detail").asText()).contains("administrator or viewer");
		ScimResponse unknown = issue(admin(), account, "{\"role\":\"superuser\"}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body().get("detail").asText()).contains("viewer, administrator, owner")
			.contains("superuser");
		ScimResponse past = issue(admin(), account, "{\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
		assertThat(past.status()).isEqualTo(400);
		assertThat(past.body().get("detail").asText()).contains("future");
		ScimResponse far = issue(admin(), account,
				"{\"expiresAt\":\"" + Instant.now().plus(800, ChronoUnit.DAYS) + "\"}");
		assertThat(far.status()).isEqualTo(400);
		assertThat(far.body().get("detail").asText()).contains("730 days");
		assertThat(issue(admin(), account, "{\"role\":").status()).isEqualTo(400);
		assertThat(admin().get("/accounts/" + account + "/api-keys").body()).hasSize(1);
	}

	@Test
	void aRouteSpelledInAnotherCaseOrEncodedIsJudgedAsTheRouteItReaches() {
		UUID account = newTenant().accountId();
		ScimClient administrator = as(issuedKey(admin(), account, "administrator"));
		ScimClient viewer = as(issuedKey(admin(), account, "viewer"));
		String owner = "{\"objectId\":\"" + UUID.randomUUID() + "\",\"role\":\"owner\"}";
		for (String members : new String[] { "MEMBERS", "Members", "%6Dembers", "%4D%45MBERS" }) {
			ScimResponse refused = administrator.send("POST", "/accounts/" + account + "/" + members, owner, JSON);
			assertThat(refused.status()).as(members).isEqualTo(403);
			assertThat(refused.body().get("detail").asText()).as(members).contains("owner role");
		}
		assertThat(administrator
			.send("POST", "/accounts/" + account + "/SIGN-IN-RULES",
					"{\"claim\":\"appRole\",\"value\":\"x\",\"role\":\"owner\"}", JSON)
			.status()).isEqualTo(403);
		assertThat(administrator.send("POST", "/accounts/" + account + "/%73uspend", null, JSON).status())
			.isEqualTo(403);
		assertThat(administrator.send("POST", "/accounts/" + account + "/ACTIVATE", null, JSON).status())
			.isEqualTo(403);
		assertThat(viewer.get("/accounts/" + account + "/Audit").status()).isEqualTo(403);
		assertThat(viewer.get("/accounts/" + account + "/%61udit.CSV").status()).isEqualTo(403);
		assertThat(admin().get("/accounts/" + account + "/members").body()).isEmpty();
		assertThat(admin().get("/accounts/" + account).body().get("state").asText()).isEqualTo("active");
	}

	@Test
	void revokedAndExpiredKeysAreRefused() {
		UUID account = newTenant().accountId();
		ScimResponse issued = issue(admin(), account, "{\"role\":\"viewer\"}");
		ScimClient automation = as(issued.body().get("key").asText());
		assertThat(automation.get("/accounts/" + account).status()).isEqualTo(200);
		ScimResponse revoked = admin().delete("/accounts/" + account + "/api-keys/" + issued.id());
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.body().get("revokedAt").isNull()).isFalse();
		ScimResponse refused = automation.get("/accounts/" + account);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body().get("detail").asText()).contains("account API key");

		ScimResponse second = issue(admin(), account, "{\"role\":\"viewer\"}");
		ScimClient expiring = as(second.body().get("key").asText());
		assertThat(expiring.get("/accounts/" + account).status()).isEqualTo(200);
		this.jdbcTemplate.update("update account_api_key set expires_at = now() - interval '1 second' where id = ?",
				UUID.fromString(second.id()));
		assertThat(expiring.get("/accounts/" + account).status()).isEqualTo(401);

		UUID other = newTenant().accountId();
		assertThat(admin().delete("/accounts/" + other + "/api-keys/" + second.id()).status()).isEqualTo(404);
	}

}
