package app.provisioning.reconcile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.FakeGraph;
import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saving the Entra connection and "Test Connection", against the fake identity platform
 * and Graph.
 */
class EntraConnectionApiTest extends ReconcileTestSupport {

	private UUID account() {
		return this.accounts.createAccount("graph-" + UUID.randomUUID());
	}

	private JsonNode test(UUID accountId) {
		ScimResponse tested = admin().send("POST", "/accounts/" + accountId + "/entra-connection/test", null,
				java.util.Map.of());
		assertThat(tested.status()).as(tested.rawBody()).isEqualTo(200);
		return tested.body();
	}

	@Test
	void invalidSettingsAreAllNamedAndNothingIsSaved() {
		UUID accountId = account();
		ScimResponse refused = admin().send("PUT", "/accounts/" + accountId + "/entra-connection",
				"{\"tenantId\":\"contoso\",\"clientId\":\"12\",\"applicationObjectId\":\"x\"}", JSON);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.body().path("detail").asText()).contains("tenantId 'contoso'")
			.contains("clientId '12'")
			.contains("clientSecret is required")
			.contains("applicationObjectId 'x'");
		assertThat(refused.errorPointers()).as("each problem points at its field")
			.containsExactly("/tenantId", "/clientId", "/clientSecret", "/applicationObjectId");
		ScimResponse none = admin().get("/accounts/" + accountId + "/entra-connection");
		assertThat(none.status()).isEqualTo(404);
		assertThat(none.body().path("detail").asText()).contains("no Entra connection yet");
		assertThat(admin().get("/accounts/" + UUID.randomUUID() + "/entra-connection").status()).isEqualTo(404);
	}

	@Test
	void theAppRegistrationMustBeInTheAccountsOwnTenant() {
		FakeGraphApp app = newApp();
		ScimResponse created = admin().send("POST", "/accounts",
				"{\"name\":\"tenant-%s\",\"entraTenantId\":\"%s\"}".formatted(UUID.randomUUID(), UUID.randomUUID()),
				JSON);
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		UUID accountId = UUID.fromString(created.id());
		ScimResponse refused = admin().send("PUT", "/accounts/" + accountId + "/entra-connection",
				"{\"tenantId\":\"%s\",\"clientId\":\"%s\",\"clientSecret\":\"%s\"}".formatted(app.tenant().id(),
						app.clientId(), app.secret()),
				JSON);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body().path("detail").asText()).contains("is not the account's Entra tenant");
	}

	@Test
	void theSecretIsEncryptedAndNeverReturned() {
		UUID accountId = account();
		FakeGraphApp app = newApp();
		ScimResponse saved = connect(accountId, app);
		ScimResponse read = admin().get("/accounts/" + accountId + "/entra-connection");
		for (ScimResponse response : new ScimResponse[] { saved, read }) {
			assertThat(response.rawBody()).doesNotContain(app.secret());
			assertThat(response.body().path("clientSecretSet").asBoolean()).isTrue();
			assertThat(response.body().path("tenantId").asText()).isEqualTo(app.tenant().id());
			assertThat(response.body().path("applicationObjectId").asText()).isEqualTo(app.objectId());
		}
		byte[] stored = this.jdbcTemplate
			.queryForObject("SELECT client_secret FROM graph_connection WHERE account_id = ?", byte[].class, accountId);
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(app.secret());
		// Saving without a secret keeps the stored one: the connection still signs in.
		ScimResponse resaved = admin().send("PUT", "/accounts/" + accountId + "/entra-connection",
				"{\"tenantId\":\"%s\",\"clientId\":\"%s\"}".formatted(app.tenant().id(), app.clientId()), JSON);
		assertThat(resaved.status()).as(resaved.rawBody()).isEqualTo(200);
		assertThat(test(accountId).path("outcome").asText()).isEqualTo("CONNECTED");
	}

	@Test
	void aWorkingConnectionIsConfirmedWithTheSecretsExpiry() {
		UUID accountId = account();
		Instant expiry = Instant.now().plus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		FakeGraphApp app = newApp().secretEndsAt(expiry);
		connect(accountId, app);
		JsonNode result = test(accountId);
		assertThat(result.path("ok").asBoolean()).as(result.toString()).isTrue();
		assertThat(result.path("outcome").asText()).isEqualTo("CONNECTED");
		assertThat(Instant.parse(result.path("clientSecretExpiresAt").asText())).isEqualTo(expiry);
		assertThat(result.path("warnings").toString()).contains("expires on");
		assertThat(result.path("grantedPermissions").toString()).contains("User.Read.All");
		JsonNode saved = admin().get("/accounts/" + accountId + "/entra-connection").body();
		assertThat(Instant.parse(saved.path("clientSecretExpiresAt").asText())).isEqualTo(expiry);
		assertThat(saved.path("lastTest").path("outcome").asText()).isEqualTo("CONNECTED");
		// The enterprise application's object ID is accepted as well as the app
		// registration's.
		admin().send("PUT", "/accounts/" + accountId + "/entra-connection",
				"{\"tenantId\":\"%s\",\"clientId\":\"%s\",\"applicationObjectId\":\"%s\"}".formatted(app.tenant().id(),
						app.clientId(), app.servicePrincipalId()),
				JSON);
		assertThat(test(accountId).path("outcome").asText()).isEqualTo("CONNECTED");
	}

	@Test
	void eachSignInProblemIsNamed() {
		UUID accountId = account();
		FakeGraphApp app = newApp();
		String tenant = app.tenant().id();
		JsonNode badTenant = testDraft(accountId, UUID.randomUUID().toString(), app.clientId(), app.secret());
		assertThat(badTenant.path("outcome").asText()).isEqualTo("BAD_TENANT");
		assertThat(badTenant.path("message").asText()).contains("AADSTS90002");
		assertThat(testDraft(accountId, tenant, UUID.randomUUID().toString(), app.secret()).path("outcome").asText())
			.isEqualTo("BAD_CLIENT_ID");
		assertThat(testDraft(accountId, tenant, app.clientId(), "wrong-secret-value").path("message").asText())
			.contains("Value (not its Secret ID)");
		app.expireSecret();
		assertThat(testDraft(accountId, tenant, app.clientId(), app.secret()).path("outcome").asText())
			.isEqualTo("EXPIRED_SECRET");
		// Drafts are tested without being saved.
		assertThat(admin().get("/accounts/" + accountId + "/entra-connection").status()).isEqualTo(404);
	}

	private JsonNode testDraft(UUID accountId, String tenant, String clientId, String secret) {
		ScimResponse tested = admin().send("POST", "/accounts/" + accountId + "/entra-connection/test",
				"{\"tenantId\":\"%s\",\"clientId\":\"%s\",\"clientSecret\":\"%s\"}".formatted(tenant, clientId, secret),
				JSON);
		assertThat(tested.status()).as(tested.rawBody()).isEqualTo(200);
		assertThat(tested.body().path("ok").asBoolean()).isFalse();
		return tested.body();
	}

	@Test
	void aMissingPermissionIsNamedWithWhatToDo() {
		UUID accountId = account();
		connect(accountId, newApp("User.Read.All", "Application.Read.All"));
		JsonNode result = test(accountId);
		assertThat(result.path("outcome").asText()).isEqualTo("MISSING_PERMISSION");
		assertThat(result.path("missingPermissions").toString()).isEqualTo("[\"GroupMember.Read.All\"]");
		assertThat(result.path("message").asText()).contains("GroupMember.Read.All").contains("Grant admin consent");
	}

	@Test
	void noAdminConsentAtAllIsRecognised() {
		UUID accountId = account();
		connect(accountId, newApp(new String[] {}).revoke(ALL_PERMISSIONS));
		JsonNode result = test(accountId);
		assertThat(result.path("outcome").asText()).isEqualTo("MISSING_PERMISSION");
		assertThat(result.path("message").asText()).contains("admin consent has not been granted");
		assertThat(result.path("missingPermissions").toString()).contains("User.Read.All")
			.contains("GroupMember.Read.All");
	}

	@Test
	void withoutTheOptionalPermissionTheConnectionWorksButCannotTellTheExpiry() {
		UUID accountId = account();
		connect(accountId, newApp("User.Read.All", "GroupMember.Read.All"));
		JsonNode result = test(accountId);
		assertThat(result.path("outcome").asText()).isEqualTo("CONNECTED");
		assertThat(result.path("warnings").toString()).contains("Application.Read.All");
		assertThat(result.path("clientSecretExpiresAt").isNull()).isTrue();
	}

	@Test
	void anObjectIdOfAnotherApplicationIsRefused() {
		UUID accountId = account();
		FakeGraphApp app = newApp();
		FakeGraphApp other = app.tenant().newApp(ALL_PERMISSIONS);
		ScimResponse saved = admin().send("PUT", "/accounts/" + accountId + "/entra-connection",
				"{\"tenantId\":\"%s\",\"clientId\":\"%s\",\"clientSecret\":\"%s\",\"applicationObjectId\":\"%s\"}"
					.formatted(app.tenant().id(), app.clientId(), app.secret(), other.servicePrincipalId()),
				JSON);
		assertThat(saved.status()).isEqualTo(200);
		JsonNode result = test(accountId);
		assertThat(result.path("outcome").asText()).isEqualTo("BAD_APPLICATION_OBJECT_ID");
		assertThat(result.path("message").asText()).contains(other.clientId());
	}

	@Test
	void graphDownIsReportedAsSuch() {
		UUID accountId = account();
		FakeGraphApp app = newApp();
		connect(accountId, app);
		app.tenant().unavailable("/$batch", true);
		try {
			JsonNode result = test(accountId);
			assertThat(result.path("outcome").asText()).isEqualTo("GRAPH_ERROR");
			assertThat(result.path("message").asText()).contains("Signed in, but Microsoft Graph");
		}
		finally {
			app.tenant().unavailable("/$batch", false);
		}
	}

	@Test
	void testingWithoutAConnectionSaysWhatToDo() {
		ScimResponse tested = admin().send("POST", "/accounts/" + account() + "/entra-connection/test", null,
				java.util.Map.of());
		assertThat(tested.status()).isEqualTo(200);
		assertThat(tested.body().path("outcome").asText()).isEqualTo("NOT_CONFIGURED");
		assertThat(FakeGraph.get()).isNotNull();
	}

}
