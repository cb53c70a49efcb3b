package app.provisioning.health;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.mail.internet.MimeMessage;

import app.provisioning.account.Account;
import app.provisioning.account.ScimTraffic;
import app.provisioning.support.FakeMailServer;
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
 * Alerts reach a real SMTP server: once when a condition starts, again while it lasts,
 * once when it is resolved; one e-mail per alert with two instances; none lost while the
 * SMTP server is down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@Autowired
	private ScimTraffic traffic;

	@Autowired
	private AlertEvaluator evaluator;

	@Autowired
	private AlertMailer mailer;

	@Autowired
	private HikariDataSource dataSource;

	private ServerInstance second;

	@BeforeAll
	void startSecondInstance() {
		this.second = ServerInstance.start(this.dataSource.getJdbcUrl(), this.dataSource.getUsername(),
				this.dataSource.getPassword(), "--provisioning.alerts.check-every=1h");
	}

	@AfterAll
	void stopSecondInstance() {
		this.second.close();
	}

	private static String address() {
		return "ops-" + UUID.randomUUID() + "@alerts.example";
	}

	private ScimClient failingTenant(String email) throws InterruptedException {
		ScimClient scim = newTenant();
		ScimResponse set = admin().send("PUT", "/accounts/" + scim.accountId() + "/alert-settings",
				"{\"email\":\"" + email + "\"}", JSON);
		assertThat(set.status()).as(set.rawBody()).isEqualTo(200);
		for (int i = 0; i < 10; i++) {
			scim.post("/Users", userBody("ok" + i + "@contoso.com"));
			scim.get("/Users?filter=" + ScimClient.q("userName eq"));
		}
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (this.traffic.summary(scim.accountId()).requests(this.traffic.summary(scim.accountId()).lastHour()) < 20
				&& System.nanoTime() < deadline) {
			this.traffic.flush();
			Thread.sleep(20);
		}
		return scim;
	}

	private Account account(UUID id) {
		return this.accounts.get(id);
	}

	private List<String> subjects(String address) throws Exception {
		this.mailer.sendDue();
		List<String> subjects = new java.util.ArrayList<>();
		for (MimeMessage message : FakeMailServer.get().receivedBy(address)) {
			subjects.add(message.getSubject());
		}
		return subjects;
	}

	@Test
	void anAlertIsMailedWhenItStartsAgainWhileItLastsAndWhenItIsResolved() throws Exception {
		String email = address();
		ScimClient scim = failingTenant(email);
		UUID id = scim.accountId();
		this.evaluator.evaluate(account(id));
		List<String> first = subjects(email);
		assertThat(first).hasSize(1);
		assertThat(first.get(0)).startsWith("[failing] ")
			.contains("50% of Entra's 20 requests in the last hour failed");
		MimeMessage message = FakeMailServer.get().receivedBy(email).get(0);
		assertThat((String) message.getContent()).contains("400 invalidFilter ×10").contains(id.toString());

		// Still failing a minute later: nothing new.
		this.evaluator.evaluate(account(id));
		assertThat(subjects(email)).hasSize(1);
		// A day later: reminded.
		this.jdbcTemplate.update("UPDATE alert SET last_notified_at = now() - interval '25 hours' WHERE account_id = ?",
				id);
		this.evaluator.evaluate(account(id));
		assertThat(subjects(email)).hasSize(2).last().asString().startsWith("[failing, still] ");
		// Entra's requests succeed again: resolved.
		this.jdbcTemplate.update("DELETE FROM scim_traffic WHERE account_id = ? AND status = 400", id);
		this.evaluator.evaluate(account(id));
		assertThat(subjects(email)).hasSize(3).last().asString().startsWith("[resolved] ");

		JsonNode overview = admin().send("GET", "/accounts/" + id + "/alerts", null, JSON).body();
		assertThat(overview.path("email").asText()).isEqualTo(email);
		JsonNode alert = overview.path("alerts").get(0);
		assertThat(alert.path("kind").asText()).isEqualTo("scim-failures");
		assertThat(alert.path("state").asText()).isEqualTo("resolved");
		assertThat(overview.path("mails").get(0).path("state").asText()).isEqualTo("sent");
	}

	@Test
	void twoInstancesDecideAndMailEachAlertOnce() throws Exception {
		String email = address();
		UUID id = failingTenant(email).accountId();
		AlertEvaluator other = this.second.context().getBean(AlertEvaluator.class);
		Account account = account(id);
		for (int round = 0; round < 3; round++) {
			CompletableFuture<Void> here = CompletableFuture.runAsync(() -> this.evaluator.evaluate(account));
			CompletableFuture<Void> there = CompletableFuture.runAsync(() -> other.evaluate(account));
			here.get();
			there.get();
		}
		assertThat(this.jdbcTemplate.queryForObject("SELECT count(*) FROM alert WHERE account_id = ?", Long.class, id))
			.isEqualTo(1);
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT count(*) FROM alert_mail WHERE account_id = ? AND recipient = ?", Long.class, id, email))
			.isEqualTo(1);
	}

	@Test
	void aTestAlertReachesTheChosenChannelAndBadInputIsRefused() throws Exception {
		UUID id = newTenant().accountId();
		String path = "/accounts/" + id;
		ScimResponse bad = admin().send("PUT", path + "/alert-settings", "{\"email\":\"not an address\"}", JSON);
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body().path("detail").asText()).contains("email");
		ScimResponse nobody = admin().send("POST", path + "/alerts/test", "{}", JSON);
		assertThat(nobody.status()).isEqualTo(409);
		assertThat(nobody.body().path("detail").asText()).contains("set the account's alert address");

		String owner = address();
		assertThat(admin()
			.send("POST", path + "/members", "{\"userPrincipalName\":\"" + owner + "\",\"role\":\"owner\"}", JSON)
			.status()).isEqualTo(201);
		String email = address();
		assertThat(admin().send("PUT", path + "/alert-settings", "{\"email\":\"" + email + "\"}", JSON).status())
			.isEqualTo(200);
		ScimResponse members = admin().send("POST", path + "/alerts/test", "{\"channel\":\"members\"}", JSON);
		assertThat(members.status()).as(members.rawBody()).isEqualTo(202);
		assertThat(members.body().path("queuedTo").get(0).asText()).isEqualTo(owner);
		assertThat(subjects(owner)).singleElement().asString().startsWith("[test] ");
		assertThat(subjects(email)).isEmpty();
		assertThat(admin().send("POST", path + "/alerts/test", "{\"channel\":\"pager\"}", JSON).status())
			.isEqualTo(400);
		assertThat(admin().send("POST", path + "/alerts/test", null, JSON).body().path("queuedTo")).hasSize(2);
	}

	@Test
	void mailsWaitWhileTheSmtpServerIsDownAndAreSentWhenItIsBack() throws Exception {
		UUID id = newTenant().accountId();
		String email = address();
		admin().send("PUT", "/accounts/" + id + "/alert-settings", "{\"email\":\"" + email + "\"}", JSON);
		FakeMailServer.get().stop();
		try {
			assertThat(admin().send("POST", "/accounts/" + id + "/alerts/test", null, JSON).status()).isEqualTo(202);
			this.mailer.sendDue();
			Map<String, Object> mail = this.jdbcTemplate
				.queryForMap("SELECT state, attempts, last_error FROM alert_mail WHERE account_id = ?", id);
			assertThat(mail).containsEntry("state", "pending").containsEntry("attempts", 1);
			assertThat((String) mail.get("last_error")).isNotBlank();
		}
		finally {
			FakeMailServer.get().start();
		}
		this.jdbcTemplate.update("UPDATE alert_mail SET next_attempt_at = now() WHERE account_id = ?", id);
		assertThat(subjects(email)).singleElement().asString().startsWith("[test] ");
		assertThat(
				this.jdbcTemplate.queryForObject("SELECT state FROM alert_mail WHERE account_id = ?", String.class, id))
			.isEqualTo("sent");
	}

	@Test
	void anAccountsWebhookEndpointThatAsksForAlertsReceivesTheirStartAndEnd() throws Exception {
		com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress("127.0.0.1", 0), 10);
		java.util.List<String> received = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
		receiver.createContext("/", (exchange) -> {
			received.add(exchange.getRequestHeaders().getFirst("webhook-id") + " "
					+ new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		try {
			ScimClient scim = failingTenant(address());
			UUID id = scim.accountId();
			ScimResponse endpoint = admin().send("POST", "/accounts/" + id + "/webhooks",
					"{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
							+ "/alerts\",\"eventTypes\":[\"alert.fired\",\"alert.resolved\"]}",
					JSON);
			assertThat(endpoint.status()).as(endpoint.rawBody()).isEqualTo(201);
			this.evaluator.evaluate(account(id));
			this.jdbcTemplate.update("DELETE FROM scim_traffic WHERE account_id = ? AND status = 400", id);
			this.evaluator.evaluate(account(id));
			long deadline = System.nanoTime() + 20_000_000_000L;
			while (received.size() < 2 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(received).hasSize(2);
			Long alert = this.jdbcTemplate.queryForObject("SELECT id FROM alert WHERE account_id = ?", Long.class, id);
			assertThat(received)
				.anySatisfy((message) -> assertThat(message).startsWith("msg_alert_" + alert + "_fired ")
					.contains("\"type\":\"alert.fired\"")
					.contains("\"kind\":\"scim-failures\""));
			assertThat(received)
				.anySatisfy((message) -> assertThat(message).startsWith("msg_alert_" + alert + "_resolved ")
					.contains("\"type\":\"alert.resolved\""));
		}
		finally {
			receiver.stop(0);
		}
	}

}
