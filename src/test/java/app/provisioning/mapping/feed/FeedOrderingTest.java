package app.provisioning.mapping.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed's promise under concurrency: a consumer that follows it with its cursor sees
 * every event exactly once, each record's events in the order of its changes, even when a
 * transaction that began first commits last.
 */
class FeedOrderingTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	@Autowired
	private DataSource dataSource;

	private ScimClient peopleTenant() {
		ScimClient scim = newTenant();
		ScimResponse map = admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", """
				{"name":"people","target":"people","uniqueIdentifier":"user_principal_name","fields":[
				 {"attribute":"userName","field":"Login"},{"attribute":"Department","field":"Department"}]}""", JSON);
		assertThat(map.status()).as(map.rawBody()).isEqualTo(201);
		return scim;
	}

	private JsonNode page(ScimClient scim, String cursor) {
		ScimResponse page = admin()
			.get("/accounts/" + scim.accountId() + "/events?limit=1000" + ((cursor != null) ? "&after=" + cursor : ""));
		assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
		return page.body();
	}

	@Test
	void anEventCommittedAfterALaterNumberedOneIsStillDelivered() throws Exception {
		ScimClient scim = peopleTenant();
		scim.post("/Users", "{\"userName\":\"slow@contoso.com\"}");
		scim.post("/Users", "{\"userName\":\"fast@contoso.com\"}");
		String cursor = page(scim, null).path("next").asText();
		try (Connection slow = this.dataSource.getConnection(); Connection fast = this.dataSource.getConnection()) {
			slow.setAutoCommit(false);
			fast.setAutoCommit(false);
			update(slow, scim, "slow@contoso.com", "Slow");
			update(fast, scim, "fast@contoso.com", "Fast");
			fast.commit();
			JsonNode seen = page(scim, cursor);
			assertThat(seen.path("events"))
				.extracting((e) -> e.path("data").path("changes").path("Department").path("new").asText())
				.containsExactly("Fast");
			cursor = seen.path("next").asText();
			slow.commit();
		}
		assertThat(page(scim, cursor).path("events")).as("the event numbered first but committed last")
			.extracting((e) -> e.path("data").path("changes").path("Department").path("new").asText())
			.containsExactly("Slow");
	}

	private static void update(Connection connection, ScimClient scim, String key, String department) throws Exception {
		try (PreparedStatement statement = connection.prepareStatement("UPDATE person SET fields = fields"
				+ " || jsonb_build_object('Department', ?::text) WHERE account_id = ?::uuid AND unique_key = ?")) {
			statement.setString(1, department);
			statement.setString(2, scim.accountId().toString());
			statement.setString(3, key);
			assertThat(statement.executeUpdate()).isEqualTo(1);
		}
	}

	@Test
	void aConsumerReadingWhileSixteenWritersChangeRecordsEndsWithTheirFinalState() throws Exception {
		ScimClient scim = peopleTenant();
		int users = 40;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < users; i++) {
			ids.add(scim.post("/Users", "{\"userName\":\"u" + i + "@contoso.com\"}").id());
		}
		Map<String, Long> versions = new HashMap<>();
		Map<String, String> departments = new HashMap<>();
		Map<String, String> statuses = new HashMap<>();
		Set<String> seen = new HashSet<>();
		int[] duplicates = { 0 };
		String[] cursor = { null };
		Runnable consume = () -> {
			JsonNode page;
			do {
				page = page(scim, cursor[0]);
				for (JsonNode event : page.path("events")) {
					if (!seen.add(event.path("id").asText())) {
						duplicates[0]++;
					}
					String record = event.path("record").path("id").asText();
					long version = event.path("record").path("version").asLong();
					Long before = versions.get(record);
					assertThat(before == null || version == before || version == before + 1)
						.as("record %s went from version %s to %s", record, before, version)
						.isTrue();
					versions.put(record, version);
					apply(event, departments, statuses);
				}
				cursor[0] = page.path("next").asText();
			}
			while (page.path("hasMore").asBoolean());
		};
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService writers = Executors.newFixedThreadPool(16);
		List<Future<?>> done = new ArrayList<>();
		for (int w = 0; w < 16; w++) {
			done.add(writers.submit(() -> {
				for (int n = 0; n < 25; n++) {
					String id = ids.get(ThreadLocalRandom.current().nextInt(users));
					String body = (n % 5 == 4)
							? "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":"
									+ ThreadLocalRandom.current().nextBoolean() + "}]"
							: "[{\"op\":\"Replace\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"D"
									+ ThreadLocalRandom.current().nextInt(1000) + "\"}]";
					scim.patch("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
							+ "\"Operations\":" + body + "}");
				}
				return null;
			}));
		}
		Future<?> reader = Executors.newSingleThreadExecutor().submit(() -> {
			while (writing.get()) {
				consume.run();
			}
			return null;
		});
		for (Future<?> writer : done) {
			writer.get(120, TimeUnit.SECONDS);
		}
		writing.set(false);
		reader.get(60, TimeUnit.SECONDS);
		writers.shutdown();
		consume.run();

		assertThat(duplicates[0]).as("events seen twice").isZero();
		List<Map<String, Object>> records = this.jdbcTemplate.queryForList(
				"SELECT id::text AS id, version,"
						+ " status, fields ->> 'Department' AS department FROM person WHERE account_id = ?::uuid",
				scim.accountId().toString());
		assertThat(records).hasSize(users);
		for (Map<String, Object> record : records) {
			String id = (String) record.get("id");
			assertThat(versions.get(id)).as("version of %s", id).isEqualTo(record.get("version"));
			assertThat(statuses.get(id)).as("status of %s", id).isEqualTo(record.get("status"));
			assertThat(departments.get(id)).as("department of %s", id).isEqualTo(record.get("department"));
		}
	}

	/**
	 * What a consumer keeps of a record: its status and one field, from created and
	 * changed events.
	 */
	private static void apply(JsonNode event, Map<String, String> departments, Map<String, String> statuses) {
		String record = event.path("record").path("id").asText();
		JsonNode data = event.path("data");
		switch (event.path("type").asText()) {
			case "person.created" -> {
				statuses.put(record, data.path("status").asText());
				departments.put(record, data.path("fields").path("Department").asText(null));
			}
			case "person.updated" -> {
				if (data.path("changes").has("Department")) {
					departments.put(record, data.path("changes").path("Department").path("new").asText(null));
				}
			}
			case "person.deactivated", "person.reactivated" ->
				statuses.put(record, data.path("status").path("new").asText());
			default -> {
			}
		}
	}

}
