package app.provisioning.console;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account page's Deactivation brake section: settings and decisions on what it holds.
 */
class BrakePageTest extends ScimIntegrationTest {

	private static String csrf(String page) {
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(token.find()).as(page).isTrue();
		return token.group(1);
	}

	private long hold(UUID accountId, String key) {
		UUID record = UUID.randomUUID();
		this.jdbcTemplate.update("INSERT INTO field_map (id, account_id, name, target, unique_identifier, fields,"
				+ " created_at, updated_at) VALUES (?, ?, ?, 'people', 'user_principal_name', '[]', now(), now())"
				+ " ON CONFLICT DO NOTHING", accountId, accountId, "people");
		this.jdbcTemplate.update(
				"INSERT INTO person (id, account_id, field_map_id, unique_key, fields, status,"
						+ " integration_status, integration_at, created_at, updated_at, deactivation_held) VALUES"
						+ " (?, ?, ?, ?, '{}', 'active', 'provisioned', now(), now(), now(), true)",
				record, accountId, accountId, key);
		return this.jdbcTemplate.queryForObject(
				"INSERT INTO held_deactivation (account_id, record_type, record_id,"
						+ " source, cause, target_status, integration_status) VALUES (?, 'person', ?, 'scim:x',"
						+ " 'Entra sent active=false', 'inactive', 'deactivated_by_entra') RETURNING id",
				Long.class, accountId, record);
	}

	@Test
	void theSettingsAreSavedAndHeldDeactivationsReleasedOrDiscarded() throws Exception {
		ConsoleHttp browser = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		String session = browser.session(ADMIN_KEY);
		UUID accountId = this.accounts.createAccount("brake-" + UUID.randomUUID());
		String page = "/admin/accounts/" + accountId;
		HttpResponse<String> account = browser.get(page, session);
		assertThat(account.body()).contains("id=\"deactivation-brake\"").contains("Nothing held.");

		HttpResponse<String> refused = browser.post(page + "/deactivation-brake",
				"enabled=true&maxCount=0&maxPercent=10&windowMinutes=60&_csrf=" + csrf(account.body()), session);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("maxCount must be between 1 and");
		HttpResponse<String> twoBad = browser.post(page + "/deactivation-brake",
				"enabled=true&maxCount=0&maxPercent=101&windowMinutes=60&_csrf=" + csrf(account.body()), session);
		assertThat(twoBad.statusCode()).isEqualTo(400);
		assertThat(ConsoleHttp.problemsListed(twoBad.body())).as("the page lists both problems")
			.containsExactly("maxCount must be between 1 and 1000000, not 0",
					"maxPercent must be between 1 and 100, not 101");
		HttpResponse<String> saved = browser.post(page + "/deactivation-brake",
				"enabled=true&maxCount=7&maxPercent=10&windowMinutes=30&_csrf=" + csrf(account.body()), session);
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		assertThat(saved.body()).contains("Deactivation brake saved.").contains("value=\"7\"");

		long first = hold(accountId, "ada@contoso.com");
		long second = hold(accountId, "grace@contoso.com");
		HttpResponse<String> listed = browser.get(page, session);
		assertThat(listed.body()).contains("ada@contoso.com").contains("Entra sent active=false");
		HttpResponse<String> nothingTicked = browser.post(page + "/held-deactivations",
				"decision=release&_csrf=" + csrf(listed.body()), session);
		assertThat(nothingTicked.statusCode()).isEqualTo(400);
		HttpResponse<String> released = browser.post(page + "/held-deactivations",
				"decision=release&ids=" + first + "&_csrf=" + csrf(listed.body()), session);
		assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
		assertThat(released.body()).contains("1 held deactivation(s) released").doesNotContain("ada@contoso.com");
		HttpResponse<String> discarded = browser.post(page + "/held-deactivations",
				"decision=discard-all&_csrf=" + csrf(released.body()), session);
		assertThat(discarded.body()).contains("1 held deactivation(s) discarded").contains("Nothing held.");
		assertThat(this.jdbcTemplate.queryForObject("SELECT string_agg(unique_key || ' ' || status, ',' ORDER BY"
				+ " unique_key) FROM person WHERE account_id = ?", String.class, accountId))
			.isEqualTo("ada@contoso.com inactive,grace@contoso.com active");
		assertThat(second).isGreaterThan(first);
	}

}
