package app.provisioning.webhooks;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import app.provisioning.support.ServerInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server instances on one database deliver each event once per endpoint, and take
 * over each other's work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksOnTwoInstancesTest extends ScimIntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(WebhooksOnTwoInstancesTest.class);

	@Autowired
	private HikariDataSource dataSource;

	private ServerInstance second;

	private final WebhookReceiver receiver = new WebhookReceiver();

	@BeforeAll
	void startSecondInstance() {
		this.second = ServerInstance.beside(this.dataSource);
	}

	@AfterAll
	void stopSecondInstance() {
		this.second.close();
		this.receiver.close();
	}

	@AfterEach
	void forgetRequests() {
		this.receiver.server.resetRequests();
	}

	private JsonNode endpoint(ScimClient scim, String path) {
		ScimResponse created = admin().send("POST", "/accounts/" + scim.accountId() + "/webhooks",
				"{\"url\":\"" + this.receiver.url(path) + "\"}", WebhookDeliveryTest.JSON);
		assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
		return created.body();
	}

	private Map<String, Long> perWebhookId(String path) {
		return this.receiver.requests()
			.stream()
			.filter((r) -> r.getUrl().equals(path))
			.collect(Collectors.groupingBy((r) -> r.getHeader("webhook-id"), Collectors.counting()));
	}

	@Test
	void eachEventReachesEachEndpointOnceAndQuickly() throws Exception {
		ScimClient first = WebhookDeliveryTest.peopleTenant(admin(), newTenant());
		ScimClient onSecond = this.second.scim(first.token(), first.accountId());
		endpoint(first, "/one");
		endpoint(first, "/two");
		int users = 2000;
		ExecutorService clients = Executors.newFixedThreadPool(4);
		List<Future<ScimResponse>> posts = new java.util.ArrayList<>();
		for (int i = 0; i < users; i++) {
			ScimClient client = (i % 2 == 0) ? first : onSecond;
			String name = "u" + i + "@contoso.com";
			posts.add(clients.submit(() -> client.post("/Users", userBody(name))));
		}
		for (Future<ScimResponse> post : posts) {
			assertThat(post.get().status()).isEqualTo(201);
		}
		clients.shutdown();
		WebhookReceiver.await("every event at both endpoints", Duration.ofSeconds(60),
				() -> this.receiver.server.getAllServeEvents().size() >= 2 * users);
		WebhookDeliveryTest.sleep(1000);
		for (String path : List.of("/one", "/two")) {
			Map<String, Long> counts = perWebhookId(path);
			assertThat(counts).hasSize(users);
			assertThat(counts.values()).as("requests per webhook-id at " + path).containsOnly(1L);
		}
		assertThat(this.jdbcTemplate.queryForObject("SELECT count(DISTINCT event_id) FROM webhook_delivery"
				+ " WHERE account_id = ? AND state = 'delivered'", Long.class, first.accountId()))
			.isEqualTo(users);

		// The rate, measured on a backlog queued at once (every event since before the
		// test, again) and sent to a bare receiver that only counts, so the figure is
		// ours rather than WireMock's.
		HttpServer counter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		AtomicInteger received = new AtomicInteger();
		counter.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			received.incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		counter.setExecutor(Executors.newFixedThreadPool(16));
		counter.start();
		try {
			ScimResponse third = admin().send("POST", "/accounts/" + first.accountId() + "/webhooks",
					"{\"url\":\"http://127.0.0.1:" + counter.getAddress().getPort() + "/rate\"}",
					WebhookDeliveryTest.JSON);
			long started = System.nanoTime();
			ScimResponse queued = admin().send("POST",
					"/accounts/" + first.accountId() + "/webhooks/" + third.body().path("id").asText() + "/redeliver",
					"{\"since\":\"" + Instant.now().minus(Duration.ofHours(1)) + "\"}", WebhookDeliveryTest.JSON);
			int backlog = queued.body().path("queued").asInt();
			assertThat(backlog).as(queued.rawBody()).isEqualTo(users);
			WebhookReceiver.await("the backlog delivered", Duration.ofSeconds(60), () -> received.get() >= backlog);
			double seconds = (System.nanoTime() - started) / 1e9;
			log.info("Webhooks: {} deliveries to a local receiver by two instances in {} s: {} per second", backlog,
					String.format("%.2f", seconds), Math.round(backlog / seconds));
		}
		finally {
			counter.stop(0);
		}
	}

	@Test
	void aDeliveryWhoseInstanceStoppedIsSentByAnotherWhenItsLeaseRunsOut() {
		ScimClient scim = WebhookDeliveryTest.peopleTenant(admin(), newTenant());
		JsonNode endpoint = endpoint(scim, "/leased");
		// As an instance leaves a delivery it claimed and never finished: leased, not
		// sent.
		Long id = this.jdbcTemplate.queryForObject(
				"INSERT INTO webhook_delivery (endpoint_id, account_id, event_id,"
						+ " event_type, payload, lease_until, attempts) VALUES (?, ?, 'evt_999999999', 'webhook.test',"
						+ " '{\"type\":\"webhook.test\"}', now() + interval '2 seconds', 0) RETURNING id",
				Long.class, UUID.fromString(endpoint.path("id").asText()), scim.accountId());
		long started = System.nanoTime();
		WebhookReceiver.await("the delivery sent after its lease", Duration.ofSeconds(20), () -> "delivered".equals(
				this.jdbcTemplate.queryForObject("SELECT state FROM webhook_delivery WHERE id = ?", String.class, id)));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1500));
		assertThat(perWebhookId("/leased")).containsExactly(Map.entry("evt_999999999", 1L));
	}

	@Test
	void anEndpointWhoseSenderStoppedIsTakenOverWhenItsLeaseRunsOut() {
		ScimClient scim = WebhookDeliveryTest.peopleTenant(admin(), newTenant());
		UUID endpointId = UUID.fromString(endpoint(scim, "/taken-over").path("id").asText());
		// As an instance leaves an endpoint it was sending to and never wrote back.
		this.jdbcTemplate.update(
				"UPDATE webhook_endpoint SET stream_owner = ?,"
						+ " stream_lease_until = now() + interval '2 seconds' WHERE id = ?",
				UUID.randomUUID(), endpointId);
		long started = System.nanoTime();
		assertThat(scim.post("/Users", userBody("held@contoso.com")).status()).isEqualTo(201);
		WebhookReceiver.await("the event sent after the lease", Duration.ofSeconds(20),
				() -> !perWebhookId("/taken-over").isEmpty());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(1500));
		WebhookDeliveryTest.sleep(500);
		assertThat(perWebhookId("/taken-over").values()).containsExactly(1L);
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND state = 'delivered'", Long.class,
				endpointId))
			.isEqualTo(1L);
	}

}
