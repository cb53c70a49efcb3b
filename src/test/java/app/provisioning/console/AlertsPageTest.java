package app.provisioning.console;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.provisioning.support.FakeMailServer;
import app.provisioning.support.ScimIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The account page's Health and Alerts sections: the alert address and a test alert. */
class AlertsPageTest extends ScimIntegrationTest {

	private static String csrf(String page) {
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(token.find()).as(page).isTrue();
		return token.group(1);
	}

	@Test
	void anAlertAddressIsSavedAndATestAlertArrivesThere() throws Exception {
		ConsoleHttp browser = new ConsoleHttp(this.port, ConsoleHttp.randomAddress());
		String session = browser.session(ADMIN_KEY);
		UUID accountId = this.accounts.createAccount("alerts-" + UUID.randomUUID());
		String page = "/admin/accounts/" + accountId;
		HttpResponse<String> account = browser.get(page, session);
		assertThat(account.body()).contains("id=\"health\"")
			.contains("badge warning")
			.contains("id=\"alerts\"")
			.contains("nobody yet");

		HttpResponse<String> refused = browser.post(page + "/alert-settings", "email="
				+ URLEncoder.encode("not an address", StandardCharsets.UTF_8) + "&_csrf=" + csrf(account.body()),
				session);
		assertThat(refused.statusCode()).isEqualTo(400);
		String email = "it-" + UUID.randomUUID() + "@alerts.example";
		HttpResponse<String> saved = browser.post(page + "/alert-settings",
				"email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&_csrf=" + csrf(account.body()),
				session);
		assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
		assertThat(saved.body()).contains("Alerts also go to " + email);

		HttpResponse<String> nobody = browser.post(page + "/alerts/test", "channel=members&_csrf=" + csrf(saved.body()),
				session);
		assertThat(nobody.statusCode()).isEqualTo(409);
		assertThat(nobody.body()).contains("No address to send to on members");
		HttpResponse<String> tested = browser.post(page + "/alerts/test", "channel=account&_csrf=" + csrf(saved.body()),
				session);
		assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
		assertThat(tested.body()).contains("A test alert is on its way to " + email);
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (FakeMailServer.get().receivedBy(email).isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(FakeMailServer.get().receivedBy(email)).hasSize(1);
		assertThat(browser.get(page, session).body()).contains("[test] ").contains("sent");
	}

}
