package app.provisioning.health;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.account.ScimTraffic;
import app.provisioning.console.ConsoleHttp;
import app.provisioning.support.Prometheus;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account's health says what an administrator would want to know before Entra does:
 * failing requests, silence, failing reconciliation, expiring secrets, held
 * deactivations.
 */
class AccountHealthTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@Autowired
	private ScimTraffic traffic;

	@Autowired
	private HealthSnapshots snapshots;

	private JsonNode health(UUID accountId) {
		ScimResponse answer = admin().send("GET", "/accounts/" + accountId + "/health", null, JSON);
		assertThat(answer.status()).as(answer.rawBody()).isEqualTo(200);
		return answer.body();
	}

	/**
	 * Writes the counts once every request was counted: a request is counted just after
	 * its answer went out, so the client can be quicker than the count.
	 */
	private void flushed(UUID accountId, long requests) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (true) {
			this.traffic.flush();
			if (this.traffic.summary(accountId).requests(this.traffic.summary(accountId).lastHour()) >= requests
					|| System.nanoTime() > deadline) {
				return;
			}
			Thread.sleep(20);
		}
	}

	private static List<String> reasons(JsonNode health) {
		List<String> reasons = new java.util.ArrayList<>();
		health.path("reasons").forEach((reason) -> reasons.add(reason.asText()));
		return reasons;
	}

	@Test
	void anAccountEntraNeverCalledIsAWarningThatSaysHowToStart() {
		JsonNode health = health(newTenant().accountId());
		assertThat(health.path("status").asText()).isEqualTo("warning");
		assertThat(reasons(health)).anySatisfy((reason) -> assertThat(reason).contains("not sent any SCIM request"));
		assertThat(health.path("scim").path("lastRequestAt").isNull()).isTrue();
	}

	@Test
	void failingRequestsMakeTheAccountFailingNamingTheMostFrequentErrorAndShowInTheListAndTheGauges() throws Exception {
		ScimClient scim = newTenant();
		for (int i = 0; i < 10; i++) {
			assertThat(scim.post("/Users", userBody("ok" + i + "@contoso.com")).status()).isEqualTo(201);
		}
		for (int i = 0; i < 10; i++) {
			assertThat(scim.get("/Users?filter=" + ScimClient.q("userName eq")).status()).isEqualTo(400);
		}
		flushed(scim.accountId(), 20);
		JsonNode health = health(scim.accountId());
		assertThat(health.path("status").asText()).isEqualTo("failing");
		assertThat(reasons(health).get(0)).contains("50% of Entra's 20 requests in the last hour failed")
			.containsPattern("400 invalidFilter ×10 \\(e\\.g\\. request [^)]+\\)");
		JsonNode hour = health.path("scim").path("lastHour");
		assertThat(hour.path("requests").asLong()).isEqualTo(20);
		assertThat(hour.path("ok").asLong()).isEqualTo(10);
		assertThat(hour.path("clientErrors").path("400 invalidFilter").asLong()).isEqualTo(10);
		assertThat(health.path("scim").path("lastStatus").asInt()).isEqualTo(400);
		assertThat(health.path("scim").path("failureShareLastHour").asDouble()).isEqualTo(50.0);

		this.snapshots.refresh();
		assertThat(new Prometheus(this.port, ADMIN_KEY).value("provisioning_account_health",
				Map.of("account", scim.accountId().toString())))
			.isEqualTo(2.0);
		ConsoleHttp browser = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		String session = browser.session(ADMIN_KEY);
		assertThat(browser.get("/admin", session).body()).contains("badge failing");
		assertThat(browser.get("/admin/accounts/" + scim.accountId(), session).body()).contains("id=\"health\"")
			.contains("400 invalidFilter ×10");
	}

	@Test
	void silenceAfterTrafficFailingReconciliationExpiringTokensAndHeldDeactivationsAreEachNamed()
			throws InterruptedException {
		ScimClient scim = newTenant();
		UUID account = scim.accountId();
		assertThat(scim.post("/Users", userBody("quiet@contoso.com")).status()).isEqualTo(201);
		flushed(account, 1);
		JsonNode healthy = health(account);
		assertThat(healthy.path("status").asText()).as(healthy.toString()).isEqualTo("healthy");

		// Entra went quiet four hours ago.
		this.jdbcTemplate.update("UPDATE scim_last_request SET at = now() - interval '4 hours' WHERE account_id = ?",
				account);
		assertThat(reasons(health(account)))
			.anySatisfy((reason) -> assertThat(reason).contains("No SCIM request from Entra for 4 hours")
				.contains("quarantined"));

		// A token that expires in five days.
		ScimResponse token = admin().send("POST", "/accounts/" + account + "/scim-tokens",
				"{\"label\":\"Entra production\",\"expiresAt\":\"" + Instant.now().plus(5, ChronoUnit.DAYS) + "\"}",
				JSON);
		assertThat(token.status()).as(token.rawBody()).isEqualTo(201);

		// Three reconciliation runs failed in a row.
		for (int i = 3; i > 0; i--) {
			this.jdbcTemplate.update(
					"INSERT INTO reconcile_run (id, account_id, trigger, state, last_error,"
							+ " requested_at, finished_at) VALUES (?, ?, 'schedule', 'failed', 'Graph answered 401',"
							+ " now() - ? * interval '1 hour', now() - ? * interval '1 hour')",
					UUID.randomUUID(), account, i, i);
		}
		// A deactivation held by the brake.
		this.jdbcTemplate.update("INSERT INTO held_deactivation (account_id, record_type, record_id, source, cause,"
				+ " target_status, integration_status) VALUES (?, 'person', ?, 'scim:x', 'Entra sent active=false',"
				+ " 'inactive', 'deactivated_by_entra')", account, UUID.randomUUID());

		JsonNode health = health(account);
		assertThat(health.path("status").asText()).isEqualTo("failing");
		List<String> reasons = reasons(health);
		assertThat(reasons).anySatisfy((reason) -> assertThat(reason).contains("The last 3 reconciliation runs failed")
			.contains("Graph answered 401"));
		assertThat(reasons).anySatisfy(
				(reason) -> assertThat(reason).contains("SCIM secret token 'Entra production' expires in 4 day(s)"));
		assertThat(reasons).anySatisfy((reason) -> assertThat(reason).contains("1 deactivation(s) held"));
		assertThat(reasons.indexOf(reasons.stream().filter((r) -> r.contains("reconciliation")).findFirst().get()))
			.as("failures come before warnings")
			.isLessThan(reasons.indexOf(reasons.stream().filter((r) -> r.contains("held")).findFirst().get()));
		assertThat(health.path("reconciliation").path("consecutiveFailures").asInt()).isEqualTo(3);
		assertThat(health.path("deactivationsHeld").asInt()).isEqualTo(1);
		assertThat(health.path("recordsChangedToday").asLong()).isZero();
		assertThat(health.path("credentials").get(0).path("kind").asText()).isEqualTo("scim-token");
	}

	@Test
	void anotherAccountsHealthIsNotFoundForAnAccountKey() {
		UUID other = newTenant().accountId();
		assertThat(admin().send("GET", "/accounts/" + UUID.randomUUID() + "/health", null, JSON).status())
			.isEqualTo(404);
		assertThat(health(other).path("status").asText()).isNotEmpty();
	}

}
