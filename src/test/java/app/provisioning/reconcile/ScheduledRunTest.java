package app.provisioning.reconcile;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;

import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimResponse;
import app.provisioning.support.ServerInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-account schedules: checked settings, and a due run that happens once even with two
 * server instances.
 */
class ScheduledRunTest extends ReconcileTestSupport {

	@Autowired
	private HikariDataSource dataSource;

	@Test
	void scheduleSettingsAreCheckedAndGiveTheNextRun() {
		UUID accountId = this.accounts.createAccount("schedule-" + UUID.randomUUID());
		assertThat(admin().get("/accounts/" + accountId + "/reconciliation").status()).isEqualTo(404);
		connect(accountId, newApp());
		JsonNode off = admin().get("/accounts/" + accountId + "/reconciliation").body();
		assertThat(off.path("schedule").path("kind").asText()).isEqualTo("off");
		assertThat(off.path("nextRunAt").isNull()).isTrue();
		ScimResponse refused = admin().send("PUT", "/accounts/" + accountId + "/reconciliation",
				"{\"schedule\":{\"kind\":\"cron\",\"cron\":\"daily\"},\"notifyUrl\":\"ftp://x\"}", JSON);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body().path("detail").asText()).contains("six fields").contains("notifyUrl");
		assertThat(admin()
			.send("PUT", "/accounts/" + accountId + "/reconciliation", "{\"schedule\":{\"kind\":\"weekly\"}}", JSON)
			.status()).isEqualTo(400);
		ScimResponse interval = admin().send("PUT", "/accounts/" + accountId + "/reconciliation",
				"{\"schedule\":{\"kind\":\"interval\",\"intervalMinutes\":360}}", JSON);
		assertThat(interval.status()).as(interval.rawBody()).isEqualTo(200);
		Instant next = Instant.parse(interval.body().path("nextRunAt").asText());
		assertThat(next).isBetween(Instant.now().plus(359, ChronoUnit.MINUTES),
				Instant.now().plus(361, ChronoUnit.MINUTES));
		ScimResponse cron = admin().send("PUT", "/accounts/" + accountId + "/reconciliation",
				"{\"schedule\":{\"kind\":\"cron\",\"cron\":\"0 30 2 * * *\",\"zone\":\"Europe/Berlin\"}}", JSON);
		assertThat(cron.status()).isEqualTo(200);
		assertThat(cron.body().path("schedule").path("zone").asText()).isEqualTo("Europe/Berlin");
	}

	@Test
	void aDueScheduleRunsOnceAcrossTwoInstances() {
		ScimClient scim = pushUsers(true, "ivy@contoso.com", "jon@contoso.com");
		FakeGraphApp app = newApp();
		app.tenant().addUser("ivy@contoso.com");
		app.tenant().addUser("jon@contoso.com").enabled(false);
		connect(scim.accountId(), app);
		assertThat(admin()
			.send("PUT", "/accounts/" + scim.accountId() + "/reconciliation",
					"{\"schedule\":{\"kind\":\"interval\",\"intervalMinutes\":60}}", JSON)
			.status()).isEqualTo(200);
		try (ServerInstance second = ServerInstance.start(this.dataSource.getJdbcUrl(), this.dataSource.getUsername(),
				this.dataSource.getPassword())) {
			app.tenant().resetRequests();
			this.jdbcTemplate.update("UPDATE graph_connection SET next_run_at = ? WHERE account_id = ?",
					OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), scim.accountId());
			String runId = null;
			for (int i = 0; i < 100 && runId == null; i++) {
				sleep(100);
				List<String> runs = this.jdbcTemplate.queryForList(
						"SELECT id::text FROM reconcile_run WHERE account_id = ?" + " AND trigger = 'schedule'",
						String.class, scim.accountId());
				runId = runs.isEmpty() ? null : runs.get(0);
			}
			assertThat(runId).as("a scheduled run was started").isNotNull();
			JsonNode run = awaitRun(scim.accountId(), runId);
			assertThat(run.path("state").asText()).isEqualTo("completed");
			assertThat(run.path("counts").path("deactivated").asLong()).isEqualTo(1);
			sleep(2500);
			assertThat(this.jdbcTemplate.queryForObject("SELECT count(*) FROM reconcile_run WHERE account_id = ?",
					Long.class, scim.accountId()))
				.isEqualTo(1);
			assertThat(app.tenant().requests("/users")).isEqualTo(1);
			Instant next = Instant.parse(
					admin().get("/accounts/" + scim.accountId() + "/reconciliation").body().path("nextRunAt").asText());
			assertThat(next).isAfter(Instant.now().plus(58, ChronoUnit.MINUTES));
		}
	}

}
