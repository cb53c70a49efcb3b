package app.provisioning.console;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.provisioning.support.LostDeadlock;
import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The account page's Webhooks section and an endpoint's deliveries page. */
class WebhookPagesTest extends ScimIntegrationTest {

	private static String csrf(String page) {
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(token.find()).as(page).isTrue();
		return token.group(1);
	}

	@Test
	void anEndpointIsAddedWithItsSecretShownOnceAndItsDeliveriesListed() throws Exception {
		ConsoleHttp browser = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		String session = browser.session(ADMIN_KEY);
		UUID accountId = this.accounts.createAccount("hooks-" + UUID.randomUUID());
		String page = "/admin/accounts/" + accountId;
		HttpResponse<String> account = browser.get(page, session);
		assertThat(account.body()).contains("id=\"webhooks\"").contains("No endpoints yet.");

		HttpResponse<String> refused = browser.post(page + "/webhooks", "url="
				+ URLEncoder.encode("ftp://example.com", StandardCharsets.UTF_8) + "&_csrf=" + csrf(account.body()),
				session);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("url");
		HttpResponse<String> twoBad = browser.post(page + "/webhooks",
				"url=" + URLEncoder.encode("ftp://example.com", StandardCharsets.UTF_8)
						+ "&eventTypes=person.exploded&_csrf=" + csrf(account.body()),
				session);
		assertThat(twoBad.statusCode()).isEqualTo(400);
		assertThat(twoBad.body()).as("the page lists both problems").contains("Fix these 2 problems:");
		assertThat(ConsoleHttp.problemsListed(twoBad.body())).hasSize(2)
			.anySatisfy((item) -> assertThat(item).startsWith("url"))
			.anySatisfy((item) -> assertThat(item).contains("&#39;person.exploded&#39; is not an event type"));

		HttpResponse<String> added = browser.post(page + "/webhooks",
				"url=" + URLEncoder.encode("http://127.0.0.1:9/hooks", StandardCharsets.UTF_8)
						+ "&eventTypes=person.created&_csrf=" + csrf(account.body()),
				session);
		assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
		assertThat(added.body()).contains("id=\"webhook-secret\"").contains("whsec_").contains("person.created");
		String endpointId = this.jdbcTemplate
			.queryForObject("SELECT id::text FROM webhook_endpoint WHERE account_id = ?", String.class, accountId);

		HttpResponse<String> again = browser.get(page, session);
		assertThat(again.body()).contains("http://127.0.0.1:9/hooks").doesNotContain("whsec_");

		HttpResponse<String> tested = browser.post(page + "/webhooks/" + endpointId + "/test",
				"_csrf=" + csrf(again.body()), session);
		assertThat(tested.statusCode()).isEqualTo(200);
		HttpResponse<String> deliveries = browser.get(page + "/webhooks/" + endpointId, session);
		assertThat(deliveries.statusCode()).as(deliveries.body()).isEqualTo(200);
		assertThat(deliveries.body()).contains("webhook.test");

		HttpResponse<String> disabled = browser.post(page + "/webhooks/" + endpointId + "/enabled",
				"enabled=false&_csrf=" + csrf(deliveries.body()), session);
		assertThat(disabled.body()).contains("disabled: Disabled by an administrator");

		HttpResponse<String> withoutCsrf = browser.post(page + "/webhooks/" + endpointId + "/delete", "", session);
		assertThat(withoutCsrf.statusCode()).isEqualTo(403);
	}

	@Test
	void aDisableThatCollidesWithAnotherTransactionSaysSoAndChangesNothing() throws Exception {
		ConsoleHttp browser = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		String session = browser.session(ADMIN_KEY);
		UUID accountId = this.accounts.createAccount("hooks-" + UUID.randomUUID());
		String page = "/admin/accounts/" + accountId;
		HttpResponse<String> account = browser.get(page, session);
		browser.post(page + "/webhooks", "url=" + URLEncoder.encode("http://127.0.0.1:9/hooks", StandardCharsets.UTF_8)
				+ "&_csrf=" + csrf(account.body()), session);
		UUID endpointId = this.jdbcTemplate.queryForObject("SELECT id FROM webhook_endpoint WHERE account_id = ?",
				UUID.class, accountId);
		this.jdbcTemplate.update(
				"INSERT INTO webhook_delivery (endpoint_id, account_id, event_id, event_type, payload,"
						+ " next_attempt_at) VALUES (?, ?, 'evt_1', 'webhook.test', '{}', now() + interval '1 day')",
				endpointId, accountId);
		String csrf = csrf(browser.get(page, session).body());

		HttpResponse<String> disabled = LostDeadlock.provoke(this.jdbcTemplate.getDataSource(),
				new LostDeadlock.Lock("SELECT 1 FROM webhook_delivery WHERE endpoint_id = ? FOR UPDATE", endpointId),
				"UPDATE webhook_delivery SET state = 'cancelled'",
				new LostDeadlock.Lock("SELECT 1 FROM webhook_endpoint WHERE id = ? FOR UPDATE", endpointId),
				() -> browser.post(page + "/webhooks/" + endpointId + "/enabled", "enabled=false&_csrf=" + csrf,
						session));

		assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(409);
		assertThat(disabled.body()).contains("at the same moment").contains("submit the form again");
		assertThat(this.jdbcTemplate.queryForObject("SELECT enabled FROM webhook_endpoint WHERE id = ?", Boolean.class,
				endpointId))
			.as("nothing was changed")
			.isTrue();
	}

}
