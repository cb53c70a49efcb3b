package app.provisioning.platform;

import java.util.Map;

import org.junit.jupiter.api.Test;

import app.provisioning.support.Prometheus;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus scrape: protected by an admin key, and counting what SCIM clients do.
 */
class MetricsTest extends ScimIntegrationTest {

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private Prometheus prometheus() {
		return new Prometheus(this.port, ADMIN_KEY);
	}

	private ScimResponse scrapeWith(String token) {
		return new ScimClient("http://localhost:" + this.port + "/actuator", token, null).get("/prometheus");
	}

	@Test
	void prometheusScrapeIsRefusedWithoutAnAdminKey() {
		ScimClient scim = newTenant();
		for (String token : new String[] { null, "not-a-key", scim.token() }) {
			ScimResponse refused = scrapeWith(token);
			assertThat(refused.status()).as(String.valueOf(token)).isEqualTo(401);
			assertThat(refused.rawBody()).doesNotContain("http_server_requests");
		}
		ScimResponse scraped = scrapeWith(ADMIN_KEY);
		assertThat(scraped.status()).isEqualTo(200);
		assertThat(scraped.contentType()).startsWith("text/plain");
		assertThat(scraped.rawBody()).contains("jvm_memory_used_bytes");
	}

	@Test
	void scimOperationsAreCountedByResourceOperationOutcomeAndAccount() {
		ScimClient scim = newTenant();
		ScimClient neighbour = newTenant();
		String id = scim.post("/Users", userBody("alice@metrics.example")).id();
		scim.post("/Users", userBody("alice@metrics.example"));
		scim.post("/Users", userBody("bob@metrics.example"));
		scim.get("/Users/" + id);
		scim.get("/Users/00000000-0000-0000-0000-000000000000");
		scim.patch("/Users/" + id, patchBody("[{\"op\":\"explode\",\"path\":\"active\",\"value\":false}]"));
		scim.send("PUT", "/Users/" + id, userBody("alice@metrics.example"), Map.of("If-Match", "W/\"stale\""));
		scim.get("/Groups?filter=displayName%20eq%20%22x%22");
		neighbour.post("/Groups", groupBody("Sales"));

		String scrape = prometheus().scrape();
		String account = scim.accountId().toString();
		assertThat(count(scrape, account, "User", "create", "created")).isEqualTo(2);
		assertThat(count(scrape, account, "User", "create", "conflict")).isEqualTo(1);
		assertThat(count(scrape, account, "User", "get", "ok")).isEqualTo(1);
		assertThat(count(scrape, account, "User", "get", "not_found")).isEqualTo(1);
		assertThat(count(scrape, account, "User", "patch", "invalid")).isEqualTo(1);
		assertThat(count(scrape, account, "User", "replace", "precondition_failed")).isEqualTo(1);
		assertThat(count(scrape, account, "Group", "list", "ok")).isEqualTo(1);
		assertThat(count(scrape, account, "Group", "create", "created")).as("the neighbour's group is not ours")
			.isZero();
		assertThat(count(scrape, neighbour.accountId().toString(), "Group", "create", "created")).isEqualTo(1);
	}

	@Test
	void latencyIsRecordedPerUriTemplateNotPerUserId() {
		ScimClient scim = newTenant();
		String first = scim.post("/Users", userBody("carol@metrics.example")).id();
		String second = scim.post("/Users", userBody("dave@metrics.example")).id();
		assertThat(scim.get("/Users/" + first).status()).isEqualTo(200);
		assertThat(scim.get("/users/" + second).status()).isEqualTo(200);
		assertThat(scim.withToken("wrong").get("/Users/" + first).status()).isEqualTo(401);
		assertThat(scim.get("/Users/" + first + "/unknown/" + second).status()).isEqualTo(404);

		String scrape = prometheus().scrape();
		assertThat(Prometheus.value(scrape, "http_server_requests_seconds_count",
				Map.of("uri", "/scim/v2/Users/{id}", "method", "GET", "status", "200")))
			.isGreaterThanOrEqualTo(2);
		assertThat(Prometheus.value(scrape, "http_server_requests_seconds_bucket",
				Map.of("uri", "/scim/v2/Users/{id}", "method", "GET", "status", "200", "le", "10.0")))
			.as("latency buckets for percentiles, up to 10 s")
			.isGreaterThanOrEqualTo(2);
		assertThat(scrape).doesNotContain(first).doesNotContain(second).doesNotContain("carol@metrics.example");
	}

	@Test
	void rateLimitRejectionsAreCountedPerAccount() {
		ScimClient limited = newTenant();
		admin().send("PATCH", "/accounts/" + limited.accountId(), "{\"requestsPerSecond\":2}", JSON);
		int refused = 0;
		for (int i = 0; i < 40; i++) {
			if (limited.get("/Users").status() == 429) {
				refused++;
			}
		}
		assertThat(refused).as("the limit of 2/s with a 5 s burst trips within 40 requests").isPositive();

		String scrape = prometheus().scrape();
		String account = limited.accountId().toString();
		assertThat(Prometheus.value(scrape, "scim_rate_limited_total", Map.of("account", account))).isEqualTo(refused);
		assertThat(count(scrape, account, "User", "list", "rate_limited")).isEqualTo(refused);
	}

	private static double count(String scrape, String account, String resource, String operation, String outcome) {
		return Prometheus.value(scrape, "scim_operations_total",
				Map.of("account", account, "resource", resource, "operation", operation, "outcome", outcome));
	}

}
