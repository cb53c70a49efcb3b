package app.provisioning.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import app.provisioning.support.ServerInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deactivation brake stops a mass deactivation, from every source, on two server
 * instances at once, and an administrator decides what it held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeactivationBrakeTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@Autowired
	private HikariDataSource dataSource;

	@Autowired
	private PulledRecords pulled;

	@Autowired
	private app.provisioning.health.AlertEvaluator alertEvaluation;

	private ServerInstance second;

	@BeforeAll
	void startSecondInstance() {
		this.second = ServerInstance.beside(this.dataSource);
	}

	@AfterAll
	void stopSecondInstance() {
		this.second.close();
	}

	private ScimClient peopleTenant() {
		ScimClient scim = newTenant();
		ScimResponse map = admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", """
				{"name":"people","target":"people","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"userName","field":"Login"}]}""", JSON);
		assertThat(map.status()).as(map.rawBody()).isEqualTo(201);
		// Thousands of requests in seconds, through both instances: the account's rate
		// limit, which the instances share, must not be what the test meets.
		ScimResponse unlimited = admin().send("PATCH", "/accounts/" + scim.accountId(),
				"{\"requestsPerSecond\":100000}", JSON);
		assertThat(unlimited.status()).as(unlimited.rawBody()).isEqualTo(200);
		return scim;
	}

	private static String active(boolean active) {
		return patchBody("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":" + active + "}]");
	}

	private List<String> createUsers(ScimClient scim, String prefix, int count) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<ScimResponse>> posts = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				String name = prefix + i + "@contoso.com";
				posts.add(clients.submit(() -> scim.post("/Users", userBody(name))));
			}
			List<String> ids = new ArrayList<>();
			for (Future<ScimResponse> post : posts) {
				assertThat(post.get().status()).isEqualTo(201);
				ids.add(post.get().id());
			}
			return ids;
		}
		finally {
			clients.shutdown();
		}
	}

	private long count(String sql, Object... args) {
		return this.jdbcTemplate.queryForObject(sql, Long.class, args);
	}

	private JsonNode brake(UUID accountId) {
		return admin().send("GET", "/accounts/" + accountId + "/deactivation-brake", null, JSON).body();
	}

	private List<Long> heldIds(UUID accountId, int limit) {
		List<Long> ids = new ArrayList<>();
		admin().send("GET", "/accounts/" + accountId + "/held-deactivations?limit=" + limit, null, JSON)
			.body()
			.path("items")
			.forEach((item) -> ids.add(item.path("id").asLong()));
		return ids;
	}

	private ScimResponse decide(UUID accountId, String decision, String body) {
		return admin().send("POST", "/accounts/" + accountId + "/held-deactivations/" + decision, body, JSON);
	}

	@Test
	void aBadScopingChangeDeactivatesAtMostTheLimitAndHoldsTheRestForAnAdministrator() throws Exception {
		ScimClient scim = peopleTenant();
		ScimClient onSecond = this.second.scim(scim.token(), scim.accountId());
		UUID account = scim.accountId();
		List<String> users = createUsers(scim, "scoped", 1000);

		// Entra's scoping change: active=false for everyone, through both instances at
		// once.
		ExecutorService clients = Executors.newFixedThreadPool(16);
		List<Future<ScimResponse>> patches = new ArrayList<>();
		for (int i = 0; i < users.size(); i++) {
			ScimClient client = (i % 2 == 0) ? scim : onSecond;
			String id = users.get(i);
			patches.add(clients.submit(() -> client.patch("/Users/" + id, active(false))));
		}
		for (Future<ScimResponse> patch : patches) {
			assertThat(patch.get().status()).as("Entra's request still succeeds").isEqualTo(200);
		}
		clients.shutdown();

		// Defaults: 50 records or 10% (100 of 1,000), whichever is lower.
		assertThat(count("SELECT count(*) FROM person WHERE account_id = ? AND status = 'inactive'", account))
			.isEqualTo(50);
		assertThat(count("SELECT count(*) FROM person WHERE account_id = ? AND deactivation_held", account))
			.isEqualTo(950);
		JsonNode state = brake(account);
		assertThat(state.path("held").asInt()).isEqualTo(950);
		assertThat(state.path("deactivatedInWindow").asInt()).isEqualTo(50);
		assertThat(state.path("engagedAt").isNull()).isFalse();
		assertThat(count("SELECT count(*) FROM record_event WHERE account_id = ? AND type = 'person.deactivated'",
				account))
			.isEqualTo(50);
		assertThat(count("SELECT count(*) FROM sync_log WHERE account_id = ? AND operation = 'hold'", account))
			.isEqualTo(950);
		// The SCIM resource is stored as Entra sent it.
		List<Long> held = heldIds(account, 1000);
		String heldRecord = admin().send("GET", "/accounts/" + account + "/held-deactivations?limit=1", null, JSON)
			.body()
			.path("items")
			.get(0)
			.path("recordId")
			.asText();
		String heldUser = this.jdbcTemplate.queryForObject("SELECT scim_user_id::text FROM person WHERE id = ?::uuid",
				String.class, heldRecord);
		assertThat(scim.get("/Users/" + heldUser).body().path("active").asBoolean()).isFalse();
		JsonNode record = admin().send("GET", "/accounts/" + account + "/people/" + heldRecord, null, JSON).body();
		assertThat(record.path("status").asText()).isEqualTo("active");
		assertThat(record.path("deactivationHeld").asBoolean()).isTrue();

		// One alert, to the account's alert address, says the brake engaged. Another
		// server in this JVM may have raised it already, with no address to mail (the
		// second instance's first health check, five seconds after it started, or
		// another test context's): the test starts from no alert.
		this.jdbcTemplate.update("DELETE FROM alert_mail WHERE account_id = ?", account);
		this.jdbcTemplate.update("DELETE FROM alert WHERE account_id = ?", account);
		String alerts = "alerts-" + UUID.randomUUID() + "@contoso.example";
		assertThat(
				admin().send("PUT", "/accounts/" + account + "/alert-settings", "{\"email\":\"" + alerts + "\"}", JSON)
					.status())
			.isEqualTo(200);
		this.alertEvaluation.evaluate(this.accounts.get(account));
		this.alertEvaluation.evaluate(this.accounts.get(account));
		assertThat(this.jdbcTemplate.queryForList(
				"SELECT subject FROM alert_mail WHERE account_id = ?" + " AND recipient = ?", String.class, account,
				alerts))
			.singleElement()
			.asString()
			.startsWith("[warning] ")
			.contains("950 deactivation(s) held by the deactivation brake");

		// Entra reverses one: it drops off the list by itself.
		assertThat(scim.patch("/Users/" + heldUser, active(true)).status()).isEqualTo(200);
		assertThat(brake(account).path("held").asInt()).isEqualTo(949);
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT status || ' ' || deactivation_held FROM person" + " WHERE id = ?::uuid", String.class,
				heldRecord))
			.isEqualTo("active false");

		// Release two, discard two, then release the rest.
		List<Long> open = heldIds(account, 4);
		ScimResponse released = decide(account, "release", "{\"ids\":[" + open.get(0) + "," + open.get(1) + "]}");
		assertThat(released.status()).as(released.rawBody()).isEqualTo(200);
		assertThat(released.body().path("released").asInt()).isEqualTo(2);
		ScimResponse discarded = decide(account, "discard", "{\"ids\":[" + open.get(2) + "," + open.get(3) + "]}");
		assertThat(discarded.body().path("discarded").asInt()).isEqualTo(2);
		ScimResponse again = decide(account, "release", "{\"ids\":[" + open.get(2) + "]}");
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.body().path("detail").asText()).contains(String.valueOf(open.get(2)));
		assertThat(count("SELECT count(*) FROM person WHERE account_id = ? AND status = 'inactive'", account))
			.isEqualTo(52);
		ScimResponse all = decide(account, "release", "{\"all\":true}");
		assertThat(all.body().path("released").asInt()).isEqualTo(945);
		assertThat(count("SELECT count(*) FROM person WHERE account_id = ? AND status = 'inactive'", account))
			.isEqualTo(997);
		assertThat(count("SELECT count(*) FROM person WHERE account_id = ? AND deactivation_held", account)).isZero();
		assertThat(count("SELECT count(*) FROM sync_log WHERE account_id = ? AND source = 'brake:release'", account))
			.isEqualTo(947);
		assertThat(count("SELECT count(*) FROM sync_log WHERE account_id = ? AND source = 'brake:discard'", account))
			.isEqualTo(2);
		assertThat(held).hasSize(950);
	}

	@Test
	void deletesLeavingTheLastGroupAndGraphFindingsAreHeldButReactivationsNever() throws Exception {
		ScimClient scim = newTenant();
		UUID account = scim.accountId();
		assertThat(admin().send("POST", "/accounts/" + account + "/mappings", """
				{"name":"people","target":"people","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"userName","field":"Login"}]}""", JSON).status()).isEqualTo(201);
		assertThat(admin().send("POST", "/accounts/" + account + "/mappings", """
				{"name":"logins","target":"user_configuration","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"userName","field":"loginName"},
				           {"attribute":"emails[type eq \\"work\\"].value","field":"email","type":"email"}]}""", JSON)
			.status()).isEqualTo(201);
		String level = admin()
			.send("POST", "/accounts/" + account + "/permission-levels", "{\"name\":\"Viewer\",\"rank\":10}", JSON)
			.id();
		String group = scim.post("/Groups", groupBody("Asset viewers")).id();
		assertThat(admin()
			.send("PUT", "/accounts/" + account + "/permission-levels/" + level + "/group",
					"{\"groupId\":\"" + group + "\"}", JSON)
			.status()).isEqualTo(204);
		List<String> users = createUsers(scim, "source", 4);
		for (String user : users) {
			assertThat(scim
				.patch("/Groups/" + group,
						patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + user + "\"}]}]"))
				.status()).isEqualTo(204);
		}
		ScimResponse tightened = admin().send("PATCH", "/accounts/" + account + "/deactivation-brake",
				"{\"maxCount\":2}", JSON);
		assertThat(tightened.status()).as(tightened.rawBody()).isEqualTo(200);
		assertThat(tightened.body().path("settings").path("maxCount").asInt()).isEqualTo(2);

		// The two deactivations the window allows: user 0's People record and login user.
		assertThat(scim.delete("/Users/" + users.get(0)).status()).isEqualTo(204);
		assertThat(this.jdbcTemplate.queryForObject("SELECT status FROM person WHERE scim_user_id = ?::uuid",
				String.class, users.get(0)))
			.isEqualTo("inactive");
		// Leaving the last mapped group is held.
		assertThat(scim
			.patch("/Groups/" + group,
					patchBody("[{\"op\":\"Remove\",\"path\":\"members[value eq \\\"" + users.get(1) + "\\\"]\"}]"))
			.status()).isEqualTo(204);
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT status || ' ' || deactivation_held FROM login_user WHERE scim_user_id = ?::uuid", String.class,
				users.get(1)))
			.isEqualTo("active true");
		// A DELETE is held.
		assertThat(scim.delete("/Users/" + users.get(2)).status()).isEqualTo(204);
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT status || ' ' || deactivation_held FROM person WHERE scim_user_id = ?::uuid", String.class,
				users.get(2)))
			.isEqualTo("active true");
		// What Microsoft Graph finds (the reconciliation) is held.
		UUID record = this.jdbcTemplate.queryForObject("SELECT id FROM person WHERE scim_user_id = ?::uuid", UUID.class,
				users.get(3));
		assertThat(this.pulled.setEntraState(FieldMap.Target.PEOPLE, account, record, PulledRecords.EntraState.GONE,
				"reconcile:test"))
			.as("held: nothing applied")
			.isFalse();
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT status || ' ' || deactivation_held || ' ' || integration_status FROM person WHERE id = ?",
				String.class, record))
			.isEqualTo("active true provisioned");
		JsonNode causes = admin().send("GET", "/accounts/" + account + "/held-deactivations", null, JSON).body();
		List<String> why = new ArrayList<>();
		causes.path("items").forEach((item) -> why.add(item.path("cause").asText()));
		assertThat(why).as(causes.toString())
			.contains("left the last Entra group mapped to a level", "Entra deleted the user (SCIM DELETE)",
					PulledRecords.EntraState.GONE.reason());
		// Releasing applies what the source wanted.
		assertThat(decide(account, "release", "{\"all\":true}").status()).isEqualTo(200);
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT status || ' ' || integration_status FROM person WHERE id = ?", String.class, record))
			.isEqualTo("inactive gone_from_entra");
		assertThat(this.jdbcTemplate.queryForObject("SELECT status || ' ' || (permission_level_id IS NULL)"
				+ " FROM login_user WHERE scim_user_id = ?::uuid", String.class, users.get(1)))
			.isEqualTo("deactivated true");
		// A reactivation is never held, however far over the limit the window is.
		assertThat(this.pulled.setEntraState(FieldMap.Target.PEOPLE, account, record, PulledRecords.EntraState.ENABLED,
				"reconcile:test"))
			.isTrue();
		assertThat(this.jdbcTemplate.queryForObject("SELECT status FROM person WHERE id = ?", String.class, record))
			.isEqualTo("active");
	}

	@Test
	void badSettingsAndDecisionsAreRefusedNamingTheFieldAndChangeNothing() {
		UUID account = peopleTenant().accountId();
		String path = "/accounts/" + account + "/deactivation-brake";
		for (String[] bad : new String[][] { { "{\"maxPercent\":0}", "maxPercent" },
				{ "{\"maxPercent\":101}", "maxPercent" }, { "{\"maxCount\":0}", "maxCount" },
				{ "{\"windowMinutes\":100000}", "windowMinutes" }, { "{\"maxCount\":\"many\"}", "maxCount" } }) {
			ScimResponse refused = admin().send("PATCH", path, bad[0], JSON);
			assertThat(refused.status()).as(bad[0]).isEqualTo(400);
			assertThat(refused.body().path("detail").asText()).as(bad[0]).contains(bad[1]);
		}
		ScimResponse twoBad = admin().send("PATCH", path, "{\"maxCount\":0,\"maxPercent\":101}", JSON);
		assertThat(twoBad.status()).isEqualTo(400);
		assertThat(twoBad.errorPointers()).containsExactly("/maxCount", "/maxPercent");
		assertThat(twoBad.errorDetails()).containsExactly("maxCount must be between 1 and 1000000, not 0",
				"maxPercent must be between 1 and 100, not 101");
		ScimResponse notANumber = admin().send("PATCH", path, "{\"maxCount\":\"many\"}", JSON);
		assertThat(notANumber.errorPointers()).containsExactly("/maxCount");
		JsonNode settings = brake(account).path("settings");
		assertThat(settings.path("enabled").asBoolean()).isTrue();
		assertThat(settings.path("maxCount").asInt()).isEqualTo(50);
		assertThat(settings.path("maxPercent").asInt()).isEqualTo(10);
		assertThat(settings.path("windowMinutes").asInt()).isEqualTo(60);
		for (String body : new String[] { "{}", "{\"ids\":[1],\"all\":true}", "{\"ids\":[]}" }) {
			ScimResponse refused = decide(account, "release", body);
			assertThat(refused.status()).as(body).isEqualTo(400);
			assertThat(refused.body().path("detail").asText()).as(body).contains("ids");
		}
		assertThat(admin().send("GET", "/accounts/" + account + "/held-deactivations?state=lost", null, JSON).status())
			.isEqualTo(400);
	}

}
