package app.provisioning.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;

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
 * An account's SCIM rate limit is the cluster's, not each instance's: requests spread
 * over two instances are admitted at the account's rate (plus its burst), within 10%, as
 * with one instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitAcrossInstancesTest extends ScimIntegrationTest {

	private static final int PER_SECOND = 20;

	private static final int BURST_SECONDS = 5;

	@Autowired
	private HikariDataSource dataSource;

	private ServerInstance other;

	@BeforeAll
	void startTheOtherInstance() {
		this.other = ServerInstance.beside(this.dataSource);
	}

	@AfterAll
	void stopTheOtherInstance() {
		this.other.close();
	}

	@Test
	void twoInstancesTogetherAdmitTheAccountsRateOnce() throws Exception {
		ScimClient here = newTenant();
		limit(here, PER_SECOND);
		ScimClient there = this.other.scim(here.token(), here.accountId());
		Admitted admitted = hammer(List.of(here, there), 4_000);
		double expected = PER_SECOND * BURST_SECONDS + PER_SECOND * admitted.seconds();
		assertThat(admitted.perClient()).as("both instances served some").allSatisfy((n) -> assertThat(n).isPositive());
		assertThat((double) admitted.total()).as("admitted over %.1f s through two instances", admitted.seconds())
			.isBetween(expected * 0.9, expected * 1.1);
		assertThat(admitted.refused()).as("the rest were refused 429").isPositive();
	}

	@Test
	void aLimitLoweredThroughOneInstanceHoldsOnTheOtherWithinTheTokenCacheTime() throws Exception {
		ScimClient here = newTenant();
		limit(here, 1000);
		ScimClient there = this.other.scim(here.token(), here.accountId());
		assertThat(here.get("/Users?count=1").status()).isEqualTo(200);
		assertThat(there.get("/Users?count=1").status()).isEqualTo(200);
		ScimResponse lowered = this.other.admin()
			.send("PATCH", "/accounts/" + here.accountId(), "{\"requestsPerSecond\":1}",
					Map.of("Content-Type", "application/json"));
		assertThat(lowered.status()).as(lowered.rawBody()).isEqualTo(200);
		// This instance keeps what it read about the token for SCIM_TOKEN_CACHE_TTL (5
		// s); then the new limit replaces the shared bucket's, its tokens capped at 5.
		Awaitility.await()
			.atMost(Duration.ofSeconds(8))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> here.get("/Users?count=1").status() == 429);
		assertThat(there.get("/Users?count=1").status()).as("the other instance shares the emptied bucket")
			.isEqualTo(429);
	}

	private void limit(ScimClient scim, int perSecond) {
		ScimResponse set = admin().send("PATCH", "/accounts/" + scim.accountId(),
				"{\"requestsPerSecond\":" + perSecond + "}", Map.of("Content-Type", "application/json"));
		assertThat(set.status()).as(set.rawBody()).isEqualTo(200);
	}

	private record Admitted(int total, List<Integer> perClient, int refused, double seconds) {
	}

	/**
	 * Sends as fast as four threads per client can for the given time and counts the
	 * requests answered 200 and 429.
	 */
	private static Admitted hammer(List<ScimClient> clients, long millis) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(4 * clients.size());
		List<AtomicInteger> admitted = new ArrayList<>();
		AtomicInteger refused = new AtomicInteger();
		List<Future<?>> running = new ArrayList<>();
		long start = System.nanoTime();
		long end = start + millis * 1_000_000L;
		try {
			for (ScimClient client : clients) {
				AtomicInteger count = new AtomicInteger();
				admitted.add(count);
				for (int i = 0; i < 4; i++) {
					running.add(threads.submit(() -> {
						while (System.nanoTime() < end) {
							int status = client.get("/Users?count=1").status();
							if (status == 200) {
								count.incrementAndGet();
							}
							else {
								assertThat(status).isEqualTo(429);
								refused.incrementAndGet();
							}
						}
						return null;
					}));
				}
			}
			for (Future<?> future : running) {
				future.get();
			}
		}
		finally {
			threads.shutdownNow();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		List<Integer> perClient = admitted.stream().map(AtomicInteger::get).toList();
		return new Admitted(perClient.stream().mapToInt(Integer::intValue).sum(), perClient, refused.get(), seconds);
	}

}
