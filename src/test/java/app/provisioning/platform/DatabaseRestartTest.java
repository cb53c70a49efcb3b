package app.provisioning.platform;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import app.provisioning.account.AccountService;
import app.provisioning.support.ScimClient;
import app.provisioning.support.ScimIntegrationTest;
import app.provisioning.support.ScimResponse;
import app.provisioning.support.StoppableDatabase;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static app.provisioning.support.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real PostgreSQL server, owned by this test, stopped while the server is running and
 * started again: requests during the outage get 503 with Retry-After quickly, the server
 * recovers by itself, and every write it acknowledged before is still there.
 */
@DirtiesContext
class DatabaseRestartTest extends ScimIntegrationTest {

	private static final int WRITERS = 8;

	private static StoppableDatabase database;

	@DynamicPropertySource
	static void ownDatabase(DynamicPropertyRegistry registry) throws IOException {
		database = StoppableDatabase.started("restarted-postgres");
		database.useFor(registry, 2000);
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		database.stop();
	}

	@Test
	void outageIs503WithRetryAfterAndAcknowledgedWritesSurviveTheRestart() throws IOException {
		ScimClient scim = newTenant();
		List<String> acknowledged = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String userName = "before" + i + "@restart.example";
			ScimResponse created = scim.post("/Users", userBody(userName));
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			acknowledged.add(userName);
		}

		database.stop();
		long start = System.nanoTime();
		ScimResponse write = scim.post("/Users", userBody("during@restart.example"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered, not hung")
			.isLessThan(Duration.ofSeconds(15));
		assertOutage(write);
		assertOutage(scim.get("/Users?filter=" + q("userName eq \"before1@restart.example\"")));
		ScimResponse adminRead = admin().get("/accounts");
		assertThat(adminRead.status()).isEqualTo(503);
		assertThat(adminRead.header("Retry-After")).isNotBlank();
		assertThat(adminRead.contentType()).startsWith("application/problem+json");
		assertThat(adminRead.body().get("detail").asText()).contains("retry in");
		// Once this instance no longer remembers the token, authentication itself needs
		// the database.
		Awaitility.await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).until(() -> true);
		assertOutage(scim.get("/Users?filter=" + q("userName eq \"before2@restart.example\"")));

		database.start();
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> scim.get("/Users?count=0").status() == 200);
		for (String userName : acknowledged) {
			ScimResponse found = scim.get("/Users?filter=" + q("userName eq \"" + userName + "\""));
			assertThat(found.body().get("totalResults").asInt()).as(userName + " survived the restart").isEqualTo(1);
		}
		assertThat(scim.post("/Users", userBody("after@restart.example")).status()).isEqualTo(201);
	}

	@Test
	void restartUnderLoadLosesNoAcknowledgedWriteAndAnswersOnly201Or503() throws Exception {
		ScimClient scim = newTenant();
		// Only the restart may refuse requests here, not the account's rate limit.
		this.accounts.update(scim.accountId(), new AccountService.AccountChanges(null, null, 100_000));
		String group = scim.post("/Groups", groupBody("Under load")).id();
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		Set<String> acknowledgedMembers = ConcurrentHashMap.newKeySet();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger sequence = new AtomicInteger();
		ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
		List<Future<?>> work = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			work.add(writers.submit(() -> {
				while (running.get()) {
					String userName = "load" + sequence.incrementAndGet() + "@restart.example";
					ScimResponse created = scim.post("/Users", userBody(userName));
					statuses.computeIfAbsent(created.status(), (s) -> new AtomicInteger()).incrementAndGet();
					if (created.status() == 201) {
						acknowledged.add(userName);
						ScimResponse joined = scim.patch("/Groups/" + group,
								patchBody("[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\""
										+ created.id() + "\"}]}]"));
						statuses.computeIfAbsent(joined.status(), (s) -> new AtomicInteger()).incrementAndGet();
						if (joined.status() == 204) {
							acknowledgedMembers.add(created.id());
						}
					}
				}
				return null;
			}));
		}
		try {
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 50);
			database.stop();
			// Down long enough that every writer is refused at least twice.
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> statuses.getOrDefault(503, new AtomicInteger()).get() >= 2 * WRITERS);
			database.start();
			int beforeRecovery = acknowledged.size();
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= beforeRecovery + 50);
		}
		finally {
			running.set(false);
			for (Future<?> future : work) {
				future.get(60, TimeUnit.SECONDS);
			}
			writers.shutdownNow();
		}

		assertThat(statuses.keySet()).as("answers during the restart: %s", statuses).containsOnly(201, 204, 503);
		Set<String> stored = new HashSet<>(this.jdbcTemplate.queryForList(
				"select user_name from scim_user where account_id = ? and deleted_at is null", String.class,
				scim.accountId()));
		Set<String> lost = new HashSet<>(acknowledged);
		lost.removeAll(stored);
		Set<String> members = new HashSet<>(this.jdbcTemplate.queryForList(
				"select member_id::text from scim_group_member where group_id = ?::uuid", String.class, group));
		Set<String> lostMembers = new HashSet<>(acknowledgedMembers);
		lostMembers.removeAll(members);
		System.out.printf(
				"Database restart under load: %d writers, %d users and %d memberships acknowledged,"
						+ " %d and %d lost; answers %s%n",
				WRITERS, acknowledged.size(), acknowledgedMembers.size(), lost.size(), lostMembers.size(), statuses);
		assertThat(lost).as("acknowledged users missing after the restart").isEmpty();
		assertThat(lostMembers).as("acknowledged memberships missing after the restart").isEmpty();
	}

	private static void assertOutage(ScimResponse response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(503);
		assertThat(response.header("Retry-After")).isEqualTo(String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
		assertThat(response.contentType()).isEqualTo("application/scim+json");
		assertThat(response.body().get("detail").asText()).contains("temporarily unavailable");
	}

}
