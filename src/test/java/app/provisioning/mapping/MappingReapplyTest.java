package app.provisioning.mapping;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A map created or changed after users were provisioned is applied to them on request.
 */
class MappingReapplyTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@Test
	void reapplyRunsInTheBackgroundWithProgressAndCreatesTheMissingRecords() throws InterruptedException {
		ScimClient scim = newTenant();
		for (int i = 0; i < 450; i++) {
			scim.post("/Users", userBody("early" + i + "@contoso.com"));
		}
		String base = "/accounts/" + scim.accountId() + "/mappings";
		String mapId = admin().send("POST", base, """
				{"name":"Late map","target":"people","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"userName","field":"Login"}]}""", JSON).id();
		Integer before = this.jdbcTemplate.queryForObject("select count(*) from person where field_map_id = ?::uuid",
				Integer.class, mapId);
		assertThat(before).as("a new map changes nothing by itself").isZero();
		assertThat(admin().get(base + "/" + mapId + "/reapply").status()).isEqualTo(404);
		ScimResponse started = admin().send("POST", base + "/" + mapId + "/reapply", null, JSON);
		assertThat(started.status()).isEqualTo(202);
		assertThat(started.body().get("total").asInt()).isEqualTo(450);
		JsonNode job = started.body();
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!job.get("state").asText().equals("completed") && Instant.now().isBefore(deadline)) {
			assertThat(job.get("state").asText()).isNotEqualTo("failed");
			Thread.sleep(200);
			job = admin().get(base + "/" + mapId + "/reapply").body();
		}
		assertThat(job.get("state").asText()).isEqualTo("completed");
		assertThat(job.get("processed").asInt()).isEqualTo(450);
		assertThat(job.get("errors").asInt()).isZero();
		Integer after = this.jdbcTemplate.queryForObject("select count(*) from person where field_map_id = ?::uuid",
				Integer.class, mapId);
		assertThat(after).isEqualTo(450);
		Integer logged = this.jdbcTemplate.queryForObject(
				"select count(*) from sync_log where account_id = ?::uuid and source = ?", Integer.class,
				scim.accountId().toString(), "reapply:" + job.get("id").asText());
		assertThat(logged).isEqualTo(450);
	}

	@Test
	void aRunLostWithItsInstanceCanBeStartedAgainButALiveOneCannot() {
		ScimClient scim = newTenant();
		scim.post("/Users", userBody("lost@contoso.com"));
		String base = "/accounts/" + scim.accountId() + "/mappings";
		String mapId = admin().send("POST", base, """
				{"name":"Lost","target":"people","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"userName","field":"Login"}]}""", JSON).id();
		this.jdbcTemplate.update(
				"insert into mapping_job (id, account_id, field_map_id, state, total, started_at,"
						+ " heartbeat_at) values (gen_random_uuid(), ?::uuid, ?::uuid, 'running', 1, now(), now())",
				scim.accountId().toString(), mapId);
		ScimResponse busy = admin().send("POST", base + "/" + mapId + "/reapply", null, JSON);
		assertThat(busy.status()).isEqualTo(409);
		assertThat(busy.body().get("detail").asText()).contains("already running");
		this.jdbcTemplate.update(
				"update mapping_job set heartbeat_at = now() - interval '10 minutes'" + " where field_map_id = ?::uuid",
				mapId);
		assertThat(admin().send("POST", base + "/" + mapId + "/reapply", null, JSON).status()).isEqualTo(202);
		Integer abandoned = this.jdbcTemplate
			.queryForObject("select count(*) from mapping_job where field_map_id = ?::uuid"
					+ " and state = 'failed' and last_error like 'Abandoned%'", Integer.class, mapId);
		assertThat(abandoned).isEqualTo(1);
	}

}
