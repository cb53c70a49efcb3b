package app.provisioning.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest extends ScimIntegrationTest {

	@Test
	void entraDocumentedRateOf25PerSecondIsNeverLimitedByDefault() throws InterruptedException {
		ScimClient scim = newTenant();
		List<Integer> statuses = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < 100; i++) {
			long due = start + i * 40_000_000L;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
			}
			statuses.add(scim.get("/Users?filter=" + ScimClient.q("userName eq \"u" + i + "\"")).status());
		}
		assertThat(statuses).containsOnly(200);
	}

	@Test
	void overTheAccountLimitIs429WithRetryAfterAndOtherAccountsAreUnaffected() {
		ScimClient limited = newTenant();
		ScimClient neighbour = newTenant();
		ScimResponse set = admin().send("PATCH", "/accounts/" + limited.accountId(), "{\"requestsPerSecond\":2}",
				Map.of("Content-Type", "application/json"));
		assertThat(set.body().get("requestsPerSecond").asInt()).isEqualTo(2);
		ScimResponse refused = null;
		for (int i = 0; i < 40 && refused == null; i++) {
			ScimResponse response = limited.get("/Users");
			if (response.status() != 200) {
				refused = response;
			}
		}
		assertThat(refused).as("the limit of 2/s with a 5 s burst trips within 40 requests").isNotNull();
		assertThat(refused.status()).isEqualTo(429);
		assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 5);
		assertThat(refused.contentType()).isEqualTo("application/scim+json");
		assertThat(refused.body().get("status").asText()).isEqualTo("429");
		assertThat(neighbour.get("/Users").status()).isEqualTo(200);
	}

}
