package app.provisioning.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminApiTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private ScimResponse post(String path, String body) {
		return admin().send("POST", path, body, JSON);
	}

	private String createAccount(String name) {
		ScimResponse created = post("/accounts", "{\"name\":\"" + name + "\"}");
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		return created.id();
	}

	private ScimClient scimWith(String token) {
		return new ScimClient(scimBaseUrl(), token, null);
	}

	@Test
	void adminApiNeedsAnAdminKeyAndRefusesScimTokens() {
		ScimClient scim = newTenant();
		ScimResponse none = admin().send("GET", "/accounts", null, Map.of("Authorization", ""));
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.contentType()).startsWith("application/problem+json");
		assertThat(none.body().get("detail").asText()).contains("admin key");
		ScimResponse scimToken = admin().withToken(scim.token()).get("/accounts");
		assertThat(scimToken.status()).isEqualTo(401);
		ScimResponse adminOnScim = scimWith(ADMIN_KEY).get("/Users");
		assertThat(adminOnScim.status()).isEqualTo(401);
		assertThat(adminOnScim.contentType()).isEqualTo("application/scim+json");
	}

	@Test
	void createListGetAndUpdateAccounts() {
		String name = "Contoso " + UUID.randomUUID();
		String tenant = UUID.randomUUID().toString();
		ScimResponse created = post("/accounts",
				"{\"name\":\"" + name + "\",\"entraTenantId\":\"" + tenant.toUpperCase() + "\"}");
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("Location")).endsWith("/api/accounts/" + created.id());
		assertThat(created.body().get("state").asText()).isEqualTo("active");
		assertThat(created.body().get("entraTenantId").asText()).isEqualTo(tenant);
		assertThat(admin().get("/accounts").rawBody()).contains(created.id());
		assertThat(admin().get("/accounts/" + created.id()).body().get("name").asText()).isEqualTo(name);
		ScimResponse renamed = admin().send("PATCH", "/accounts/" + created.id(), "{\"name\":\"" + name + " Ltd\"}",
				JSON);
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.body().get("name").asText()).isEqualTo(name + " Ltd");
		assertThat(renamed.body().get("entraTenantId").asText()).isEqualTo(tenant);
	}

	@Test
	void invalidAccountRequestsAreClearProblems() {
		String name = "Fabrikam " + UUID.randomUUID();
		createAccount(name);
		ScimResponse duplicate = post("/accounts", "{\"name\":\"" + name.toUpperCase() + "\"}");
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.body().get("detail").asText()).contains("already exists");
		ScimResponse badTenant = post("/accounts",
				"{\"name\":\"x" + UUID.randomUUID() + "\",\"entraTenantId\":\"contoso.com\"}");
		assertThat(badTenant.status()).isEqualTo(400);
		assertThat(badTenant.body().get("detail").asText()).contains("GUID");
		assertThat(post("/accounts", "{\"name\":\"\"}").status()).isEqualTo(400);
		ScimResponse threeBad = post("/accounts",
				"{\"name\":\" \",\"entraTenantId\":\"contoso.com\",\"requestsPerSecond\":-1}");
		assertThat(threeBad.status()).isEqualTo(400);
		assertThat(threeBad.errorPointers()).as("every bad field is named in one answer")
			.containsExactly("/name", "/entraTenantId", "/requestsPerSecond");
		assertThat(threeBad.body().get("detail").asText()).startsWith("3 problems: name is required; entraTenantId");
		assertThat(post("/accounts", "{not json").status()).isEqualTo(400);
		assertThat(admin().get("/accounts/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(admin().get("/accounts/not-a-uuid").status()).isEqualTo(404);
		assertThat(admin().get("/accounts/%20").status()).isEqualTo(404);
		String tenant = UUID.randomUUID().toString();
		createAccountWithTenant(tenant);
		ScimResponse tenantTaken = post("/accounts",
				"{\"name\":\"y" + UUID.randomUUID() + "\",\"entraTenantId\":\"" + tenant + "\"}");
		assertThat(tenantTaken.status()).isEqualTo(409);
	}

	private void createAccountWithTenant(String tenant) {
		assertThat(post("/accounts", "{\"name\":\"t" + UUID.randomUUID() + "\",\"entraTenantId\":\"" + tenant + "\"}")
			.status()).isEqualTo(201);
	}

	@Test
	void issuedTokenIsShownOnceWorksAndRecordsLastUse() {
		String account = createAccount("Tokens " + UUID.randomUUID());
		ScimResponse issued = post("/accounts/" + account + "/scim-tokens", "{\"label\":\"Entra production\"}");
		assertThat(issued.status()).isEqualTo(201);
		String token = issued.body().get("token").asText();
		assertThat(token).hasSizeGreaterThanOrEqualTo(40);
		assertThat(scimWith(token).get("/Users").status()).isEqualTo(200);
		JsonNode listed = admin().get("/accounts/" + account + "/scim-tokens").body().get(0);
		assertThat(listed.get("label").asText()).isEqualTo("Entra production");
		assertThat(listed.get("token").isNull()).isTrue();
		assertThat(listed.get("lastUsedAt").isNull()).isFalse();
		Integer stored = this.jdbcTemplate.queryForObject(
				"select count(*) from scim_credential where position(convert_to(?, 'UTF8') in token_hash) > 0",
				Integer.class, token);
		assertThat(stored).as("the clear token is never stored").isZero();
	}

	@Test
	void twoTokensWorkTogetherForRotationAndRevokedTokenIs401() {
		String account = createAccount("Rotation " + UUID.randomUUID());
		String old = post("/accounts/" + account + "/scim-tokens", "{\"label\":\"old\"}").body().get("token").asText();
		ScimResponse fresh = post("/accounts/" + account + "/scim-tokens", "{\"label\":\"new\"}");
		String newer = fresh.body().get("token").asText();
		assertThat(scimWith(old).get("/Users").status()).isEqualTo(200);
		assertThat(scimWith(newer).get("/Users").status()).isEqualTo(200);
		String oldId = admin().get("/accounts/" + account + "/scim-tokens").body().get(0).get("id").asText();
		ScimResponse revoked = admin().delete("/accounts/" + account + "/scim-tokens/" + oldId);
		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.body().get("revokedAt").isNull()).isFalse();
		ScimResponse refused = scimWith(old).get("/Users");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body().get("detail").asText()).contains("revoked");
		assertThat(scimWith(newer).get("/Users").status()).isEqualTo(200);
		String other = createAccount("Other " + UUID.randomUUID());
		assertThat(admin().delete("/accounts/" + other + "/scim-tokens/" + fresh.id()).status())
			.as("a token is revoked only through its own account")
			.isEqualTo(404);
	}

	@Test
	void expiredTokenIs401AndPastExpiryIsRefusedAtIssue() {
		String account = createAccount("Expiry " + UUID.randomUUID());
		ScimResponse pastExpiry = post("/accounts/" + account + "/scim-tokens",
				"{\"label\":\"x\",\"expiresAt\":\"" + Instant.now().minusSeconds(60) + "\"}");
		assertThat(pastExpiry.status()).isEqualTo(400);
		Instant expiry = Instant.now().plusMillis(1500);
		ScimResponse issued = post("/accounts/" + account + "/scim-tokens",
				"{\"label\":\"short\",\"expiresAt\":\"" + expiry + "\"}");
		String token = issued.body().get("token").asText();
		assertThat(scimWith(token).get("/Users").status()).isEqualTo(200);
		Awaitility.await().until(() -> Instant.now().isAfter(expiry));
		ScimResponse expired = scimWith(token).get("/Users");
		assertThat(expired.status()).as("refused at its expiry even though it was just used").isEqualTo(401);
		assertThat(expired.body().get("detail").asText()).contains("expired");
	}

	@Test
	void revocationThroughAnotherInstanceTakesEffectWithinTheTokenCacheTime() {
		String account = createAccount("Elsewhere " + UUID.randomUUID());
		ScimResponse issued = post("/accounts/" + account + "/scim-tokens", "{}");
		String token = issued.body().get("token").asText();
		assertThat(scimWith(token).get("/Users").status()).isEqualTo(200);
		// What another server instance's revocation looks like from here: only the row
		// changes.
		this.jdbcTemplate.update("update scim_credential set revoked_at = now() where id = ?::uuid", issued.id());
		Instant revoked = Instant.now();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scimWith(token).get("/Users").status() == 401);
		assertThat(Duration.between(revoked, Instant.now())).isLessThan(Duration.ofSeconds(6));
	}

	@Test
	void suspendedAccountIs403AndReactivationRestoresAccess() {
		String account = createAccount("Suspend " + UUID.randomUUID());
		String token = post("/accounts/" + account + "/scim-tokens", "{}").body().get("token").asText();
		assertThat(post("/accounts/" + account + "/suspend", null).body().get("state").asText()).isEqualTo("suspended");
		ScimResponse refused = scimWith(token).get("/Users");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.contentType()).isEqualTo("application/scim+json");
		assertThat(refused.body().get("detail").asText()).contains("suspended");
		assertThat(post("/accounts/" + account + "/activate", null).body().get("state").asText()).isEqualTo("active");
		assertThat(scimWith(token).get("/Users").status()).isEqualTo(200);
	}

	@Test
	void adminApiErrorsBeforeAnyControllerAreProblemsNotScimErrors() {
		ScimResponse wrongType = admin().send("POST", "/accounts", "name=x", Map.of("Content-Type", "text/plain"));
		assertThat(wrongType.status()).isEqualTo(415);
		assertThat(wrongType.contentType()).startsWith("application/problem+json");
		assertThat(wrongType.body().get("status").asInt()).isEqualTo(415);
		ScimResponse wrongMethod = admin().send("PUT", "/accounts", "{}", JSON);
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.contentType()).startsWith("application/problem+json");
	}

	@Test
	void adminKeysCanBeIssuedAndRevokedButNotTheLastOne() {
		ScimResponse issued = post("/admin-keys", "{\"label\":\"ops\"}");
		assertThat(issued.status()).isEqualTo(201);
		String key = issued.body().get("key").asText();
		ScimClient ops = admin().withToken(key);
		assertThat(ops.get("/accounts").status()).isEqualTo(200);
		assertThat(admin().delete("/admin-keys/" + issued.id()).status()).isEqualTo(200);
		assertThat(ops.get("/accounts").status()).isEqualTo(401);
		for (JsonNode adminKey : admin().get("/admin-keys").body()) {
			assertThat(adminKey.get("key").isNull()).isTrue();
		}
	}

}
