package app.provisioning.webhooks;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import app.provisioning.support.StoppableDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped and started while deliveries are in flight: every event still
 * arrives; repeats are counted.
 */
@DirtiesContext
class WebhooksDuringDatabaseRestartTest extends ScimIntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(WebhooksDuringDatabaseRestartTest.class);

	private static StoppableDatabase database;

	@DynamicPropertySource
	static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
		database = StoppableDatabase.started("webhooks-restarted-postgres");
		database.useFor(registry, 2000);
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		database.stop();
	}

	@Test
	void noEventIsLostAndRepeatsAreCounted() throws IOException {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			receiver.server
				.stubFor(post(urlEqualTo("/restart")).willReturn(aResponse().withStatus(200).withFixedDelay(200)));
			ScimClient scim = WebhookDeliveryTest.peopleTenant(admin(), newTenant());
			ScimResponse endpoint = admin().send("POST", "/accounts/" + scim.accountId() + "/webhooks",
					"{\"url\":\"" + receiver.url("/restart") + "\"}", WebhookDeliveryTest.JSON);
			assertThat(endpoint.status()).as(endpoint.rawBody()).isEqualTo(201);
			int users = 100;
			for (int i = 0; i < users; i++) {
				assertThat(scim.post("/Users", userBody("r" + i + "@restart.example")).status()).isEqualTo(201);
			}
			WebhookReceiver.await("deliveries under way", Duration.ofSeconds(20),
					() -> receiver.requests().size() >= 10);
			database.stop();
			WebhookDeliveryTest.sleep(3000);
			database.start();
			WebhookReceiver.await("every event after the restart", Duration.ofSeconds(90),
					() -> receiver.requests()
						.stream()
						.map((r) -> r.getHeader("webhook-id"))
						.distinct()
						.count() == users);
			WebhookDeliveryTest.sleep(1000);
			Map<String, Long> perId = receiver.requests()
				.stream()
				.collect(Collectors.groupingBy((r) -> r.getHeader("webhook-id"), Collectors.counting()));
			long repeats = perId.values().stream().mapToLong((n) -> n - 1).sum();
			log.info("Webhooks across a PostgreSQL restart: {} events, all delivered, {} repeated deliveries", users,
					repeats);
			assertThat(perId).hasSize(users);
		}
	}

}
