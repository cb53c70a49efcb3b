package app.provisioning.synclog;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsing an account's sync log: filters, newest first, cursor paging, CSV, retention.
 */
class SyncLogApiTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@Autowired
	private SyncLogRetention retention;

	private ScimClient provisioned() {
		ScimClient scim = newTenant();
		ScimResponse map = admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", """
				{"name":"People","target":"people","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"Display name","field":"name"}]}""", JSON);
		assertThat(map.status()).isEqualTo(201);
		for (String user : new String[] { "ann@contoso.com", "bo@contoso.com", "cy@contoso.com" }) {
			assertThat(scim.post("/Users", userBody(user)).status()).isEqualTo(201);
		}
		String ann = scim.get("/Users?filter=userName%20eq%20%22ann@contoso.com%22")
			.body()
			.path("Resources")
			.get(0)
			.path("id")
			.asText();
		assertThat(scim
			.patch("/Users/" + ann,
					patchBody("[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"=HYPERLINK(\\\"x\\\")\"}]"))
			.status()).isIn(200, 204);
		return scim;
	}

	private JsonNode log(UUID accountId, String query) {
		ScimResponse page = admin().get("/accounts/" + accountId + "/sync-log" + query);
		assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
		return page.body();
	}

	@Test
	void entriesAreNewestFirstAndFilterable() {
		ScimClient scim = provisioned();
		JsonNode all = log(scim.accountId(), "");
		JsonNode entries = all.path("entries");
		assertThat(entries.size()).isEqualTo(4);
		assertThat(all.path("nextCursor").isNull()).isTrue();
		assertThat(entries.get(0).path("operation").asText()).isEqualTo("update");
		assertThat(entries.get(0).path("changes").path("name").path("new").asText()).isEqualTo("=HYPERLINK(\"x\")");
		for (int i = 1; i < entries.size(); i++) {
			assertThat(entries.get(i - 1).path("id").asLong()).isGreaterThan(entries.get(i).path("id").asLong());
		}
		JsonNode ann = log(scim.accountId(), "?user=ANN@contoso.com").path("entries");
		assertThat(ann.size()).isEqualTo(2);
		assertThat(log(scim.accountId(), "?operation=create&origin=scim").path("entries").size()).isEqualTo(3);
		assertThat(log(scim.accountId(), "?outcome=error").path("entries").size()).isZero();
		assertThat(log(scim.accountId(), "?from=2000-01-01&to=2001-01-01").path("entries").size()).isZero();
		assertThat(log(scim.accountId(), "?user=nobody@contoso.com").path("entries").size()).isZero();
		// another account sees none of it
		assertThat(log(newTenant().accountId(), "").path("entries").size()).isZero();
	}

	@Test
	void eachEntryNamesTheRequestThatCausedIt() {
		ScimClient scim = provisioned();
		ScimResponse created = scim.send("POST", "/Users", userBody("dee@contoso.com"),
				Map.of("X-Request-Id", "entra-cycle-42"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("X-Request-Id")).isEqualTo("entra-cycle-42");
		JsonNode entries = log(scim.accountId(), "?requestId=entra-cycle-42").path("entries");
		assertThat(entries.size()).isEqualTo(1);
		assertThat(entries.get(0).path("requestId").asText()).isEqualTo("entra-cycle-42");
		// Without one, the server makes one up and still answers it.
		ScimResponse other = scim.get("/Users");
		assertThat(other.header("X-Request-Id")).matches("[0-9a-f-]{36}");
		assertThat(
				scim.send("GET", "/Users", null, Map.of("X-Request-Id", "bad id with spaces")).header("X-Request-Id"))
			.doesNotContain(" ");
	}

	@Test
	void aCursorWalksEveryEntryOnce() {
		ScimClient scim = provisioned();
		Set<Long> seen = new HashSet<>();
		String cursor = "";
		int pages = 0;
		do {
			JsonNode page = log(scim.accountId(), "?limit=1" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
			page.path("entries").forEach((entry) -> assertThat(seen.add(entry.path("id").asLong())).isTrue());
			cursor = page.path("nextCursor").isNull() ? "" : page.path("nextCursor").asText();
			pages++;
		}
		while (!cursor.isEmpty());
		assertThat(seen).hasSize(4);
		assertThat(pages).isEqualTo(4);
	}

	@Test
	void badQueriesAreClearErrors() {
		UUID accountId = newTenant().accountId();
		for (String query : new String[] { "?outcome=maybe", "?origin=ftp", "?limit=0", "?limit=100000",
				"?cursor=not-a-cursor", "?from=yesterday", "?from=2026-01-02&to=2026-01-01" }) {
			ScimResponse refused = admin().get("/accounts/" + accountId + "/sync-log" + query);
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.body().path("detail").asText()).as(query).isNotBlank();
		}
		assertThat(admin().get("/accounts/" + UUID.randomUUID() + "/sync-log").status()).isEqualTo(404);
		assertThat(admin().send("DELETE", "/accounts/" + accountId + "/sync-log", null, Map.of()).status())
			.isEqualTo(405);
		assertThat(admin().send("POST", "/accounts/" + accountId + "/sync-log", "{}", JSON).status()).isEqualTo(405);
	}

	@Test
	void theLogExportsAsCsvWithFormulasDefused() {
		ScimClient scim = provisioned();
		ScimResponse csv = admin().get("/accounts/" + scim.accountId() + "/sync-log.csv?user=ann@contoso.com");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
		assertThat(csv.header("Content-Disposition")).contains("attachment");
		List<String> lines = new ArrayList<>(List.of(csv.rawBody().split("\r\n")));
		assertThat(lines.get(0))
			.isEqualTo("id,at,source,request_id,operation,resource_type,resource_id,outcome,reason,changes");
		assertThat(lines).hasSize(3);
		assertThat(lines.get(1)).contains(",update,person,").contains("\"{\"\"name\"\": {");
		assertThat(admin().get("/accounts/" + scim.accountId() + "/sync-log.csv?outcome=nope").status()).isEqualTo(400);
	}

	@Test
	void entriesOlderThanTheRetentionArePurgedAndThePurgeIsLogged() {
		UUID accountId = newTenant().accountId();
		this.jdbcTemplate.update(
				"INSERT INTO sync_log (account_id, at, source, operation, resource_type, outcome)"
						+ " SELECT ?, ?, 'scim:x', 'create', 'person', 'applied' FROM generate_series(1, 25)",
				accountId, OffsetDateTime.now(ZoneOffset.UTC).minusDays(181));
		this.jdbcTemplate.update(
				"INSERT INTO sync_log (account_id, at, source, operation, resource_type, outcome)"
						+ " VALUES (?, ?, 'scim:y', 'create', 'person', 'applied')",
				accountId, OffsetDateTime.now(ZoneOffset.UTC).minusDays(179));
		assertThat(this.retention.purge()).isGreaterThanOrEqualTo(25);
		JsonNode entries = log(accountId, "").path("entries");
		assertThat(entries.size()).isEqualTo(2);
		assertThat(entries.get(0).path("operation").asText()).isEqualTo("purge");
		assertThat(entries.get(0).path("reason").asText()).contains("Purged 25 entries").contains("180 days");
		assertThat(entries.get(1).path("source").asText()).isEqualTo("scim:y");
	}

}
