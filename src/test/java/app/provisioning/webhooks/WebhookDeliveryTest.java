package app.provisioning.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import app.provisioning.support.LostDeadlock;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** Events delivered to a real HTTP receiver, signed, retried, in order per record. */
@ExtendWith(OutputCaptureExtension.class)
class WebhookDeliveryTest extends ScimIntegrationTest {

	static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	static final Duration WAIT = Duration.ofSeconds(20);

	private final WebhookReceiver receiver = new WebhookReceiver();

	@Autowired
	private WebhooksProperties properties;

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	static ScimClient peopleTenant(ScimClient admin, ScimClient scim) {
		ScimResponse map = admin.send("POST", "/accounts/" + scim.accountId() + "/mappings", """
				{"name":"people","target":"people","uniqueIdentifier":"user_principal_name","fields":[
				 {"attribute":"userName","field":"Login"}]}""", JSON);
		assertThat(map.status()).as(map.rawBody()).isEqualTo(201);
		return scim;
	}

	private ScimClient peopleTenant() {
		return peopleTenant(admin(), newTenant());
	}

	private JsonNode endpoint(ScimClient scim, String body) {
		ScimResponse created = admin().send("POST", "/accounts/" + scim.accountId() + "/webhooks", body, JSON);
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		return created.body();
	}

	private JsonNode endpoint(ScimClient scim, String path, String types) {
		return endpoint(scim, "{\"url\":\"" + this.receiver.url(path) + "\",\"eventTypes\":" + types + "}");
	}

	private static String activePatch(boolean active) {
		return patchBody("[{\"op\":\"Replace\",\"path\":\"active\",\"value\":" + active + "}]");
	}

	private static JsonNode body(LoggedRequest request) {
		return ScimClient.json(request.getBodyAsString());
	}

	private JsonNode deliveries(ScimClient scim, JsonNode endpoint, String query) {
		ScimResponse page = admin()
			.get("/accounts/" + scim.accountId() + "/webhooks/" + endpoint.path("id").asText() + "/deliveries" + query);
		assertThat(page.status()).as(page.rawBody()).isEqualTo(200);
		return page.body().path("deliveries");
	}

	@Test
	void deliversSignedEventsThatTheStandardWebhooksVerifierAccepts() throws Exception {
		ScimClient scim = peopleTenant();
		JsonNode endpoint = endpoint(scim, "/hooks", "[]");
		String secret = endpoint.path("secret").asText();
		assertThat(secret).startsWith("whsec_");
		ScimResponse read = admin().get("/accounts/" + scim.accountId() + "/webhooks/" + endpoint.path("id").asText());
		assertThat(read.body().has("secret")).as("the secret is shown once").isFalse();

		scim.post("/Users", userBody("adele@contoso.com"));
		WebhookReceiver.await("one delivery", WAIT, () -> this.receiver.requests().size() == 1);

		LoggedRequest request = this.receiver.requests().get(0);
		assertThatNoException().isThrownBy(() -> WebhookReceiver.verify(request, secret));
		JsonNode event = body(request);
		assertThat(event.path("type").asText()).isEqualTo("person.created");
		assertThat(request.getHeader("webhook-id")).isEqualTo(event.path("id").asText()).startsWith("evt_");
		assertThat(request.getHeader("Content-Type")).startsWith("application/json");
		assertThat(request.getHeader("User-Agent")).isEqualTo(WebhookSender.USER_AGENT);
		assertThat(event.path("data").path("uniqueIdentifier").asText()).isEqualTo("adele@contoso.com");

		WebhookReceiver.await("the delivery logged", WAIT,
				() -> "delivered".equals(deliveries(scim, endpoint, "").path(0).path("state").asText()));
		JsonNode delivery = deliveries(scim, endpoint, "").get(0);
		JsonNode detail = admin()
			.get("/accounts/" + scim.accountId() + "/webhooks/" + endpoint.path("id").asText() + "/deliveries/"
					+ delivery.path("id").asText())
			.body();
		assertThat(detail.path("attemptLog")).hasSize(1);
		assertThat(detail.path("attemptLog").get(0).path("status").asInt()).isEqualTo(200);
		assertThat(detail.path("attemptLog").get(0).path("responseExcerpt").asText()).isEqualTo("ok");
	}

	@Test
	void anEndpointGetsOnlyTheTypesItAskedFor() {
		ScimClient scim = peopleTenant();
		endpoint(scim, "/deactivations", "[\"person.deactivated\"]");
		String user = scim.post("/Users", userBody("leaving@contoso.com")).id();
		scim.patch("/Users/" + user, activePatch(false));
		WebhookReceiver.await("the deactivation", WAIT, () -> this.receiver.requests().size() == 1);
		sleep(500);
		assertThat(this.receiver.requests()).extracting((r) -> body(r).path("type").asText())
			.containsExactly("person.deactivated");
	}

	@Test
	void aFailedEventHoldsBackLaterEventsOfItsRecordOnly() {
		ScimClient scim = peopleTenant();
		// The receiver refuses Adele's events until the stub is removed; others pass.
		StubMapping refuseAdele = this.receiver.server.stubFor(post(urlEqualTo("/ordered")).atPriority(1)
			.withRequestBody(containing("adele@contoso.com"))
			.willReturn(aResponse().withStatus(500).withBody("try later")));
		endpoint(scim, "/ordered", "[]");
		String adele = scim.post("/Users", userBody("adele@contoso.com")).id();
		WebhookReceiver.await("the first attempt", WAIT, () -> !this.receiver.answered(500).isEmpty());
		scim.patch("/Users/" + adele, activePatch(false));
		scim.post("/Users", userBody("brian@contoso.com"));
		WebhookReceiver.await("brian's event, not held back by adele's", WAIT,
				() -> this.receiver.answered(200)
					.stream()
					.anyMatch((r) -> r.getBodyAsString().contains("brian@contoso.com")));
		sleep(500);
		assertThat(this.receiver.requests()).extracting((r) -> body(r).path("type").asText())
			.as("adele's deactivation waits while her creation is undelivered")
			.doesNotContain("person.deactivated");

		this.receiver.server.removeStub(refuseAdele);
		WebhookReceiver.await("every event", WAIT, () -> this.receiver.answered(200).size() == 3);
		List<String> adeles = this.receiver.answered(200)
			.stream()
			.map(WebhookDeliveryTest::body)
			.filter((e) -> e.path("data").path("uniqueIdentifier").asText("").startsWith("adele")
					|| "person.deactivated".equals(e.path("type").asText()))
			.map((e) -> e.path("type").asText())
			.toList();
		assertThat(adeles).containsExactly("person.created", "person.deactivated");
		assertThat(this.receiver.answered(500)).as("only adele's creation was refused")
			.allMatch((r) -> "person.created".equals(body(r).path("type").asText())
					&& r.getBodyAsString().contains("adele@contoso.com"));
	}

	@Test
	void aSlowFailingOrGarbledReceiverIsTriedAgainUntilItAnswers() {
		ScimClient scim = peopleTenant();
		String path = "/flaky";
		this.receiver.server.stubFor(post(urlEqualTo(path)).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(200).withFixedDelay(3000))
			.willSetStateTo("garbage"));
		this.receiver.server.stubFor(post(urlEqualTo(path)).inScenario("flaky")
			.whenScenarioStateIs("garbage")
			.willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK))
			.willSetStateTo("error"));
		this.receiver.server.stubFor(post(urlEqualTo(path)).inScenario("flaky")
			.whenScenarioStateIs("error")
			.willReturn(aResponse().withStatus(503).withBody("<html>maintenance</html>"))
			.willSetStateTo("up"));
		JsonNode endpoint = endpoint(scim, path, "[]");
		long started = System.nanoTime();
		scim.post("/Users", userBody("patient@contoso.com"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("SCIM never waits for webhooks")
			.isLessThan(Duration.ofSeconds(2));
		WebhookReceiver.await("delivered at last", WAIT,
				() -> "delivered".equals(deliveries(scim, endpoint, "").path(0).path("state").asText()));
		JsonNode delivery = deliveries(scim, endpoint, "").get(0);
		assertThat(delivery.path("attempts").asInt()).isEqualTo(4);
		JsonNode attempts = admin()
			.get("/accounts/" + scim.accountId() + "/webhooks/" + endpoint.path("id").asText() + "/deliveries/"
					+ delivery.path("id").asText())
			.body()
			.path("attemptLog");
		assertThat(attempts.get(0).path("error").asText()).contains("Timed out");
		assertThat(attempts.get(1).path("error").asText()).isNotEmpty();
		assertThat(attempts.get(2).path("status").asInt()).isEqualTo(503);
		assertThat(attempts.get(2).path("responseExcerpt").asText()).contains("maintenance");
		assertThat(attempts.get(3).path("status").asInt()).isEqualTo(200);
		List<String> ids = this.receiver.requests().stream().map((r) -> r.getHeader("webhook-id")).distinct().toList();
		assertThat(ids).as("every attempt carries the same webhook-id").hasSize(1);
	}

	@Test
	void aSlowReceiversBacklogIsSentOnceEachWhileOtherEndpointsKeepGettingTheirs() {
		int backlog = 3 * this.properties.maxInFlightPerEndpoint();
		ScimClient slow = peopleTenant();
		Instant start = Instant.now().minusSeconds(1);
		for (int i = 0; i < backlog; i++) {
			slow.post("/Users", userBody("slow" + i + "@contoso.com"));
		}
		// Each answer takes 1.5 s, under the 2 s timeout: three rounds of open requests,
		// far longer than the test lease of 4 s if they were all held by one batch.
		this.receiver.server
			.stubFor(post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(1500)));
		JsonNode slowEndpoint = endpoint(slow, "/slow", "[]");
		ScimResponse queued = admin().send("POST",
				"/accounts/" + slow.accountId() + "/webhooks/" + slowEndpoint.path("id").asText() + "/redeliver",
				"{\"since\":\"" + start + "\"}", JSON);
		assertThat(queued.body().path("queued").asInt()).as(queued.rawBody()).isEqualTo(backlog);
		WebhookReceiver.await("the slow receiver busy", WAIT, () -> !requestsTo("/slow").isEmpty());

		ScimClient other = peopleTenant();
		endpoint(other, "/quick", "[]");
		other.post("/Users", userBody("quick@contoso.com"));
		WebhookReceiver.await("the other endpoint's event", WAIT, () -> !requestsTo("/quick").isEmpty());
		assertThat(requestsTo("/slow")).as("the other endpoint did not wait for the slow backlog")
			.hasSizeLessThan(backlog);

		WebhookReceiver.await("the whole backlog", WAIT, () -> requestsTo("/slow").size() >= backlog);
		sleep(1000);
		assertThat(requestsTo("/slow")).extracting((r) -> r.getHeader("webhook-id"))
			.as("each event sent once: no lease ran out while its request was open")
			.doesNotHaveDuplicates()
			.hasSize(backlog);
	}

	private List<LoggedRequest> requestsTo(String path) {
		return this.receiver.requests().stream().filter((r) -> r.getUrl().equals(path)).toList();
	}

	@Test
	void goneFromTheReceiverDisablesTheEndpoint() {
		ScimClient scim = peopleTenant();
		this.receiver.server.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
		JsonNode endpoint = endpoint(scim, "/gone", "[]");
		scim.post("/Users", userBody("one@contoso.com"));
		String path = "/accounts/" + scim.accountId() + "/webhooks/" + endpoint.path("id").asText();
		WebhookReceiver.await("the endpoint disabled", WAIT,
				() -> !admin().get(path).body().path("enabled").asBoolean());
		assertThat(admin().get(path).body().path("disabledReason").asText()).contains("410");
		scim.post("/Users", userBody("two@contoso.com"));
		sleep(700);
		assertThat(this.receiver.requests()).hasSize(1);

		ScimResponse enabled = admin().send("PATCH", path, "{\"enabled\":true}", JSON);
		assertThat(enabled.body().path("enabled").asBoolean()).isTrue();
		assertThat(enabled.body().path("disabledReason").isNull()).isTrue();
	}

	@Test
	void badSettingsAreRefusedNamingTheFieldAndNothingIsCreated() {
		ScimClient scim = peopleTenant();
		String path = "/accounts/" + scim.accountId() + "/webhooks";
		ScimResponse url = admin().send("POST", path, "{\"url\":\"ftp://example.com/x\"}", JSON);
		assertThat(url.status()).isEqualTo(400);
		assertThat(url.rawBody()).contains("url");
		ScimResponse type = admin().send("POST", path,
				"{\"url\":\"" + this.receiver.url("/x") + "\",\"eventTypes\":[\"person.exploded\"]}", JSON);
		assertThat(type.status()).isEqualTo(400);
		assertThat(type.rawBody()).contains("eventTypes").contains("person.exploded").contains("login_user.created");
		ScimResponse description = admin().send("POST", path,
				"{\"url\":\"" + this.receiver.url("/x") + "\",\"description\":\"" + "d".repeat(501) + "\"}", JSON);
		assertThat(description.status()).isEqualTo(400);
		assertThat(description.rawBody()).contains("description");
		ScimResponse everything = admin().send("POST", path, "{\"url\":\"ftp://example.com/x\",\"description\":\""
				+ "d".repeat(501) + "\",\"eventTypes\":[\"person.created\",\"person.exploded\"]}", JSON);
		assertThat(everything.status()).isEqualTo(400);
		assertThat(everything.errorPointers()).as("every bad field is named in one answer")
			.containsExactly("/url", "/description", "/eventTypes/1");
		assertThat(everything.body().path("detail").asText()).startsWith("3 problems: url").contains("person.exploded");
		assertThat(admin().get(path).body().path("endpoints")).isEmpty();

		JsonNode endpoint = endpoint(scim, "/x", "[]");
		ScimResponse patch = admin().send("PATCH", path + "/" + endpoint.path("id").asText(),
				"{\"eventTypes\":[\"nope\"]}", JSON);
		assertThat(patch.status()).isEqualTo(400);
		assertThat(admin().get(path + "/" + endpoint.path("id").asText()).body().path("eventTypes")).isEmpty();

		ScimClient other = peopleTenant();
		ScimResponse elsewhere = admin()
			.get("/accounts/" + other.accountId() + "/webhooks/" + endpoint.path("id").asText());
		assertThat(elsewhere.status()).isEqualTo(404);
	}

	@Test
	void duringARotationBothSecretsSign() throws Exception {
		ScimClient scim = peopleTenant();
		JsonNode endpoint = endpoint(scim, "/rotating", "[]");
		String old = endpoint.path("secret").asText();
		ScimResponse rotated = admin().send("POST",
				"/accounts/" + scim.accountId() + "/webhooks/" + endpoint.path("id").asText() + "/rotate-secret", null,
				JSON);
		assertThat(rotated.status()).as(rotated.rawBody()).isEqualTo(200);
		String current = rotated.body().path("secret").asText();
		assertThat(current).startsWith("whsec_").isNotEqualTo(old);
		assertThat(rotated.body().path("previousSecretExpiresAt").asText()).isNotEmpty();

		scim.post("/Users", userBody("rotated@contoso.com"));
		WebhookReceiver.await("one delivery", WAIT, () -> this.receiver.requests().size() == 1);
		LoggedRequest request = this.receiver.requests().get(0);
		assertThat(request.getHeader("webhook-signature").split(" ")).hasSize(2);
		WebhookReceiver.verify(request, current);
		WebhookReceiver.verify(request, old);
	}

	@Test
	void anEventOrEverythingSinceATimeCanBeSentAgainAndATestEventGoesThroughTheQueue() throws Exception {
		ScimClient scim = peopleTenant();
		JsonNode endpoint = endpoint(scim, "/again", "[]");
		String path = "/accounts/" + scim.accountId() + "/webhooks/" + endpoint.path("id").asText();
		Instant start = Instant.now().minusSeconds(1);
		scim.post("/Users", userBody("one@contoso.com"));
		scim.post("/Users", userBody("two@contoso.com"));
		WebhookReceiver.await("two deliveries", WAIT, () -> this.receiver.requests().size() == 2);
		String first = this.receiver.requests().get(0).getHeader("webhook-id");

		ScimResponse one = admin().send("POST", path + "/redeliver", "{\"eventId\":\"" + first + "\"}", JSON);
		assertThat(one.status()).as(one.rawBody()).isEqualTo(202);
		WebhookReceiver.await("the redelivery", WAIT, () -> this.receiver.requests().size() == 3);
		assertThat(this.receiver.requests().get(2).getHeader("webhook-id")).isEqualTo(first);

		ScimResponse since = admin().send("POST", path + "/redeliver", "{\"since\":\"" + start + "\"}", JSON);
		assertThat(since.body().path("queued").asInt()).isEqualTo(2);
		WebhookReceiver.await("both again", WAIT, () -> this.receiver.requests().size() == 5);

		ScimResponse bad = admin().send("POST", path + "/redeliver", "{\"since\":\"yesterday\"}", JSON);
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.rawBody()).contains("since");

		ScimResponse test = admin().send("POST", path + "/test", null, JSON);
		assertThat(test.status()).as(test.rawBody()).isEqualTo(202);
		WebhookReceiver.await("the test event", WAIT, () -> this.receiver.requests().size() == 6);
		LoggedRequest request = this.receiver.requests().get(5);
		assertThat(body(request).path("type").asText()).isEqualTo("webhook.test");
		WebhookReceiver.verify(request, endpoint.path("secret").asText());
	}

	@Test
	void anEndpointFailingForLongerThanTheLimitIsDisabledWithTheReason() {
		ScimClient scim = peopleTenant();
		this.receiver.server.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(503)));
		JsonNode endpoint = endpoint(scim, "/down", "[]");
		String path = "/accounts/" + scim.accountId() + "/webhooks/" + endpoint.path("id").asText();
		this.jdbcTemplate.update(
				"UPDATE webhook_endpoint SET failing_since = now() - interval '4 days' WHERE id = ?::uuid",
				endpoint.path("id").asText());
		scim.post("/Users", userBody("late@contoso.com"));
		WebhookReceiver.await("the endpoint disabled", WAIT,
				() -> !admin().get(path).body().path("enabled").asBoolean());
		assertThat(admin().get(path).body().path("disabledReason").asText()).contains("kept failing");
		assertThat(deliveries(scim, endpoint, "?state=cancelled")).hasSize(1);
	}

	@Test
	void disablingAnEndpointWhileItsFailuresAreWrittenNeverDeadlocks(CapturedOutput output) {
		ScimClient scim = peopleTenant();
		int records = 30;
		Instant start = Instant.now().minusSeconds(1);
		for (int i = 0; i < records; i++) {
			scim.post("/Users", userBody("failing" + i + "@contoso.com"));
		}
		this.receiver.server.stubFor(post(urlEqualTo("/failing")).willReturn(aResponse().withStatus(500)));
		JsonNode endpoint = endpoint(scim, "/failing", "[]");
		String path = "/accounts/" + scim.accountId() + "/webhooks/" + endpoint.path("id").asText();
		for (int round = 0; round < 15; round++) {
			int answered = this.receiver.answered(500).size();
			ScimResponse queued = admin().send("POST", path + "/redeliver", "{\"since\":\"" + start + "\"}", JSON);
			assertThat(queued.status()).as(queued.rawBody()).isEqualTo(202);
			WebhookReceiver.await("failures being written", WAIT,
					() -> this.receiver.answered(500).size() >= answered + records / 2);
			ScimResponse disabled = admin().send("PATCH", path, "{\"enabled\":false}", JSON);
			assertThat(disabled.status()).as("disabling in round " + round + ": " + disabled.rawBody()).isEqualTo(200);
			ScimResponse enabled = admin().send("PATCH", path, "{\"enabled\":true}", JSON);
			assertThat(enabled.status()).as(enabled.rawBody()).isEqualTo(200);
		}
		sleep(500);
		assertThat(output.getAll()).as("neither the administrator nor the dispatcher lost a deadlock")
			.doesNotContainIgnoringCase("deadlock");
	}

	@Test
	void aChangeThatCollidesWithAnotherTransactionIsAConflictToRetryNotAnOutage() throws Exception {
		ScimClient scim = peopleTenant();
		JsonNode endpoint = endpoint(scim, "/busy", "[]");
		UUID endpointId = UUID.fromString(endpoint.path("id").asText());
		this.jdbcTemplate.update(
				"INSERT INTO webhook_delivery (endpoint_id, account_id, event_id, event_type, payload,"
						+ " next_attempt_at) VALUES (?, ?, 'evt_1', 'webhook.test', '{}', now() + interval '1 day')",
				endpointId, scim.accountId());
		String path = "/accounts/" + scim.accountId() + "/webhooks/" + endpointId;

		ScimResponse disabled = LostDeadlock.provoke(this.jdbcTemplate.getDataSource(),
				new LostDeadlock.Lock("SELECT 1 FROM webhook_delivery WHERE endpoint_id = ? FOR UPDATE", endpointId),
				"UPDATE webhook_delivery SET state = 'cancelled'",
				new LostDeadlock.Lock("SELECT 1 FROM webhook_endpoint WHERE id = ? FOR UPDATE", endpointId),
				() -> admin().send("PATCH", path, "{\"enabled\":false}", JSON));

		assertThat(disabled.status()).as(disabled.rawBody()).isEqualTo(409);
		assertThat(disabled.body().path("detail").asText()).contains("nothing was changed, send the request again");
		assertThat(admin().get(path).body().path("enabled").asBoolean()).as("nothing was changed").isTrue();
		ScimResponse again = admin().send("PATCH", path, "{\"enabled\":false}", JSON);
		assertThat(again.body().path("enabled").asBoolean()).as(again.rawBody()).isFalse();
	}

	@Autowired
	private WebhookRetention retention;

	@Test
	void finishedDeliveriesArePurgedAfterTheRetentionAndPendingOnesAreKept() {
		ScimClient scim = peopleTenant();
		JsonNode endpoint = endpoint(scim, "/kept", "[]");
		String id = endpoint.path("id").asText();
		for (String state : List.of("delivered", "failed", "pending")) {
			this.jdbcTemplate
				.update("INSERT INTO webhook_delivery (endpoint_id, account_id, event_id, event_type, payload,"
						+ " state, created_at, next_attempt_at) VALUES (?::uuid, ?, 'evt_1', 'webhook.test', '{}', ?,"
						+ " now() - interval '40 days', now() + interval '1 day')", id, scim.accountId(), state);
		}
		this.retention.purge();
		assertThat(deliveries(scim, endpoint, "")).extracting((d) -> d.path("state").asText())
			.containsExactly("pending");
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
