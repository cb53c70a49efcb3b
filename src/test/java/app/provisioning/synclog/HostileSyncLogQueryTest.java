package app.provisioning.synclog;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.console.ConsoleHttp;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query parameters of the administration API and pages that reach SQL, with hostile
 * values: each is a clean 400 that names the parameter, or plain data that matches only
 * what it says. Another account's entries never appear, and the tables are still there
 * afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSyncLogQueryTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private UUID account;

	private UUID otherAccount;

	private long entries;

	private long otherEntries;

	/**
	 * What the other account's entries name: never in an answer about the first account.
	 */
	private java.util.List<String> foreignIds;

	/** The administration pages' session cookies, once signed in. */
	private String session;

	@BeforeAll
	void provisionTwoAccounts() {
		this.account = provision("o'brien@contoso.com", "100%_off@contoso.com");
		this.otherAccount = provision("mallory@contoso.com");
		this.entries = count(this.account);
		this.otherEntries = count(this.otherAccount);
		this.foreignIds = this.jdbcTemplate.queryForList("SELECT resource_id FROM sync_log WHERE account_id = ?",
				String.class, this.otherAccount);
		assertThat(this.foreignIds).isNotEmpty().doesNotContainNull();
		assertThat(this.entries).isEqualTo(2);
		assertThat(this.otherEntries).isEqualTo(1);
	}

	private UUID provision(String... userNames) {
		ScimClient scim = newTenant();
		ScimResponse map = admin().send("POST", "/accounts/" + scim.accountId() + "/mappings", """
				{"name":"People","target":"people","uniqueIdentifier":"user_principal_name",
				 "fields":[{"attribute":"Display name","field":"name"}]}""", JSON);
		assertThat(map.status()).as(map.rawBody()).isEqualTo(201);
		for (String userName : userNames) {
			assertThat(scim.post("/Users", userBody(userName)).status()).isEqualTo(201);
		}
		return scim.accountId();
	}

	private long count(UUID accountId) {
		return this.jdbcTemplate.queryForObject("SELECT count(*) FROM sync_log WHERE account_id = ?", Long.class,
				accountId);
	}

	private static String cursor(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Parameter, value, and the entries it may select (-1: refused with 400). */
	Stream<Arguments> hostileParameters() {
		return Stream.of(Arguments.of("user", "x' OR '1'='1", 0), Arguments.of("user", "o'brien@contoso.com", 1),
				Arguments.of("user", "O'BRIEN@contoso.com", 1), Arguments.of("user", "o\u2019brien@contoso.com", 0),
				Arguments.of("user", "\uFF07 OR \uFF071\uFF07=\uFF071", 0),
				Arguments.of("user", "'; DROP TABLE sync_log; --", 0), Arguments.of("user", "x' /* comment */ --", 0),
				Arguments.of("user", "%", 0), Arguments.of("user", "100%_off@contoso.com", 1),
				Arguments.of("user", "100__off@contoso.com", 0), Arguments.of("user", "\\", 0),
				Arguments.of("user", "\\' OR 1=1 --", 0), Arguments.of("user", "$.\"a\"[*] ? (@ like_regex \".*\")", 0),
				Arguments.of("user", "mallory@contoso.com", 0), Arguments.of("user", "x\u0000' OR 1=1", -1),
				Arguments.of("source", "scim:%", 0), Arguments.of("source", "' OR source LIKE '%", 0),
				Arguments.of("source", "scim\u0000", -1), Arguments.of("operation", "create' OR '1'='1", 0),
				Arguments.of("operation", "create", 2), Arguments.of("operation", "cr_ate", 0),
				Arguments.of("operation", "create\u0000", -1), Arguments.of("requestId", "x' OR 1=1 --", 0),
				Arguments.of("requestId", "%", 0), Arguments.of("requestId", "\u0000", -1),
				Arguments.of("origin", "scim' OR '1'='1", -1), Arguments.of("origin", "%", -1),
				Arguments.of("outcome", "applied' --", -1), Arguments.of("outcome", "_pplied", -1),
				Arguments.of("from", "2020-01-01'; DROP TABLE sync_log; --", -1),
				Arguments.of("to", "now() OR 1=1", -1), Arguments.of("from", "+300000-01-01T00:00:00Z", -1),
				Arguments.of("to", "-5000-01-01T00:00:00Z", -1), Arguments.of("cursor", "' OR 1=1 --", -1),
				Arguments.of("cursor", cursor("1:1 OR 1=1"), -1),
				Arguments.of("cursor", cursor("-9223372036854775808:1"), -1),
				Arguments.of("cursor", cursor("9223372036854775807:1"), -1),
				Arguments.of("cursor", cursor("1:2:3"), -1), Arguments.of("limit", "1; DROP TABLE sync_log", -1),
				Arguments.of("limit", "-1", -1), Arguments.of("limit", "99999999999999999999", -1));
	}

	@ParameterizedTest(name = "{0}={1} → {2}")
	@MethodSource("hostileParameters")
	void syncLogApiRefusesOrTreatsHostileValuesAsData(String parameter, String value, int selected) {
		ScimResponse response = admin().get("/accounts/" + this.account + "/sync-log?" + parameter + "=" + q(value));
		if (selected < 0) {
			assertThat(response.status()).as(response.rawBody()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.body().path("detail").asText()).contains(parameter);
		}
		else {
			assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
			assertThat(response.body().path("entries")).hasSize(selected);
		}
		assertThat(response.rawBody()).doesNotContain(this.foreignIds)
			.doesNotContain("PSQLException")
			.doesNotContain("syntax error");
		assertNothingChanged();
	}

	@ParameterizedTest(name = "{0}={1} → {2}")
	@MethodSource("hostileParameters")
	void syncLogCsvRefusesOrTreatsHostileValuesAsData(String parameter, String value, int selected) {
		if (parameter.equals("cursor") || parameter.equals("limit")) {
			return;
		}
		ScimResponse response = admin()
			.get("/accounts/" + this.account + "/sync-log.csv?" + parameter + "=" + q(value));
		if (selected < 0) {
			assertThat(response.status()).as(response.rawBody()).isEqualTo(400);
		}
		else {
			assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
			assertThat(response.rawBody().lines().count()).as(response.rawBody()).isEqualTo(1 + selected);
		}
		assertThat(response.rawBody()).doesNotContain(this.foreignIds);
		assertNothingChanged();
	}

	@ParameterizedTest(name = "{0}={1} → {2}")
	@MethodSource("hostileParameters")
	void syncLogAndTimelinePagesRefuseOrTreatHostileValuesAsData(String parameter, String value, int selected)
			throws Exception {
		if (parameter.equals("limit")) {
			return;
		}
		ConsoleHttp browser = new ConsoleHttp(this.port, null);
		if (this.session == null) {
			this.session = browser.session(ADMIN_KEY);
		}
		HttpResponse<String> page = browser
			.get("/admin/accounts/" + this.account + "/sync-log?" + parameter + "=" + q(value), this.session);
		// The page shows a refused filter as a message above an empty list.
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).doesNotContain(this.foreignIds).doesNotContain("Something went wrong");
		if (selected < 0) {
			assertThat(page.body()).contains("role=\"alert\"");
		}
		if (parameter.equals("user")) {
			HttpResponse<String> timeline = browser
				.get("/admin/accounts/" + this.account + "/timeline?user=" + q(value), this.session);
			assertThat(timeline.statusCode()).as(timeline.body()).isEqualTo((selected < 0) ? 400 : 200);
			assertThat(timeline.body()).doesNotContain(this.foreignIds).doesNotContain("Something went wrong");
		}
		assertNothingChanged();
	}

	private void assertNothingChanged() {
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT to_regclass('sync_log') IS NOT NULL"
						+ " AND to_regclass('scim_user') IS NOT NULL AND to_regclass('person') IS NOT NULL",
				Boolean.class))
			.as("the tables still exist")
			.isTrue();
		assertThat(count(this.account)).isEqualTo(this.entries);
		assertThat(count(this.otherAccount)).isEqualTo(this.otherEntries);
		JsonNode others = admin().get("/accounts/" + this.otherAccount + "/sync-log").body();
		assertThat(others.path("entries")).hasSize((int) this.otherEntries);
	}

}
