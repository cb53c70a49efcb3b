package app.provisioning.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.FakeGraph;
import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.FakeGraphTenant;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts connected to a fake Entra tenant, and following reconciliation runs through
 * the admin API.
 */
abstract class ReconcileTestSupport extends ScimIntegrationTest {

	static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	static final String[] ALL_PERMISSIONS = { "User.Read.All", "GroupMember.Read.All", "Application.Read.All" };

	/**
	 * A fresh fake tenant with an app registration holding every permission the
	 * integration uses.
	 */
	static FakeGraphApp newApp(String... roles) {
		FakeGraphTenant tenant = FakeGraph.get().newTenant();
		return tenant.newApp((roles.length == 0) ? ALL_PERMISSIONS : roles);
	}

	ScimResponse connect(UUID accountId, FakeGraphApp app) {
		ScimResponse saved = admin().send("PUT", "/accounts/" + accountId + "/entra-connection", """
				{"tenantId":"%s","clientId":"%s","clientSecret":"%s","applicationObjectId":"%s"}"""
			.formatted(app.tenant().id(), app.clientId(), app.secret(), app.objectId()), JSON);
		assertThat(saved.status()).as(saved.rawBody()).isEqualTo(200);
		return saved;
	}

	String mapping(UUID accountId, String body) {
		ScimResponse created = admin().send("POST", "/accounts/" + accountId + "/mappings", body, JSON);
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		return created.id();
	}

	/** A People map by user principal name, with department and job title. */
	String peopleMap(UUID accountId) {
		return mapping(accountId, """
				{"name":"People","target":"people","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"Display name","field":"name"},{"attribute":"Department","field":"department"},
				           {"attribute":"Job title","field":"title"}]}""");
	}

	String syncNow(UUID accountId) {
		ScimResponse started = admin().send("POST", "/accounts/" + accountId + "/reconciliation/runs", null, Map.of());
		assertThat(started.status()).as(started.rawBody()).isEqualTo(202);
		assertThat(started.header("Location")).endsWith("/reconciliation/runs/" + started.id());
		return started.id();
	}

	/** The run once it has finished (completed or failed). */
	JsonNode awaitRun(UUID accountId, String runId) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
		while (Instant.now().isBefore(deadline)) {
			ScimResponse run = admin().get("/accounts/" + accountId + "/reconciliation/runs/" + runId);
			assertThat(run.status()).as(run.rawBody()).isEqualTo(200);
			String state = run.body().path("state").asText();
			if (state.equals("completed") || state.equals("failed")) {
				return run.body();
			}
			sleep(100);
		}
		throw new AssertionError("Run " + runId + " did not finish in 90 s");
	}

	JsonNode syncAndWait(UUID accountId) {
		return awaitRun(accountId, syncNow(accountId));
	}

	/**
	 * status, integration_status, integration_reason and fields of an account's record,
	 * by unique key.
	 */
	Map<String, Object> record(String table, UUID accountId, String key) {
		return this.jdbcTemplate.queryForMap("SELECT id, status, integration_status, integration_reason, origin,"
				+ " entra_object_id, scim_user_id, fields::text AS fields FROM " + table
				+ " WHERE account_id = ? AND lower(unique_key) = lower(?)", accountId, key);
	}

	long logEntries(UUID accountId, String source, String operation) {
		return this.jdbcTemplate.queryForObject(
				"SELECT count(*) FROM sync_log WHERE account_id = ? AND source = ?" + " AND operation = ?", Long.class,
				accountId, source, operation);
	}

	/**
	 * A new account whose users Entra pushed, after a People map was created if
	 * {@code mapped}.
	 */
	ScimClient pushUsers(boolean mapped, String... userNames) {
		ScimClient scim = newTenant();
		if (mapped) {
			peopleMap(scim.accountId());
		}
		for (String userName : userNames) {
			assertThat(scim.post("/Users", userBody(userName)).status()).isEqualTo(201);
		}
		return scim;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}
