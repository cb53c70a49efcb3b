package app.provisioning.reconcile;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.FakeGraphTenant;
import app.provisioning.support.FakeGraphUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 20,000-user tenant: Graph pages are streamed into the database and compared there, so
 * the run's memory does not grow with the tenant. Prints its time and the heap's peak;
 * speed targets are for the benchmark, not asserted here.
 */
class LargeReconciliationTest extends ReconcileTestSupport {

	private static final int USERS = 20_000;

	@Test
	void twentyThousandUsersAreReconciledPageByPage() {
		UUID accountId = this.accounts.createAccount("large-" + UUID.randomUUID());
		// 2% of the users leave at once, past the deactivation brake's default limit:
		// this test is about the reconciliation's own work (DeactivationBrakeTest holds
		// Graph's findings).
		this.jdbcTemplate.update("INSERT INTO deactivation_brake (account_id, enabled) VALUES (?, false)", accountId);
		String mapId = peopleMap(accountId);
		// Users as Entra would have pushed them, written directly: the fixture is not
		// what is tested.
		this.jdbcTemplate.update("INSERT INTO scim_user (id, account_id, user_name, display_name, active, attributes,"
				+ " version, created_at, last_modified) SELECT gen_random_uuid(), ?, 'user' || i || '@big.example',"
				+ " 'User ' || i, true, jsonb_build_object('userName', 'user' || i || '@big.example', 'active', true), 1,"
				+ " now(), now() FROM generate_series(0, ?) AS i", accountId, USERS - 1);
		this.jdbcTemplate.update("INSERT INTO person (id, account_id, field_map_id, unique_key, scim_user_id, fields,"
				+ " status, integration_status, integration_at, created_at, updated_at) SELECT gen_random_uuid(),"
				+ " account_id, cast(? AS uuid), user_name, id, '{}', 'active', 'provisioned', now(), now(), now()"
				+ " FROM scim_user WHERE account_id = ?", mapId, accountId);
		FakeGraphApp app = newApp();
		FakeGraphTenant tenant = app.tenant();
		List<FakeGraphUser> users = tenant.addUsers(USERS, (i) -> "user" + i + "@big.example");
		for (int i = 0; i < USERS; i += 200) {
			users.get(i).enabled(false);
			tenant.delete(users.get(i + 1));
			tenant.purge(users.get(i + 3));
			tenant.purge(users.get(i + 5));
		}
		connect(accountId, app);
		ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
		Instant started = Instant.now();
		JsonNode run = syncAndWait(accountId);
		Duration took = Duration.between(started, Instant.now());
		long peakHeap = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.mapToLong((pool) -> pool.getPeakUsage().getUsed())
			.sum();
		System.out.printf("Reconciled %,d users in %.1f s (Graph pages: %d); heap peak of the test JVM: %d MB%n", USERS,
				took.toMillis() / 1000.0, tenant.requests("/users"), peakHeap / (1024 * 1024));
		assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("completed");
		JsonNode counts = run.path("counts");
		assertThat(counts.path("checked").asLong()).isEqualTo(USERS);
		assertThat(counts.path("deactivated").asLong()).isEqualTo(2 * USERS / 200);
		assertThat(counts.path("flagged").asLong()).isEqualTo(2 * USERS / 200);
		assertThat(counts.path("errors").asLong()).isZero();
		assertThat(tenant.requests("/users")).isEqualTo((USERS - 3 * USERS / 200 + 998) / 999);
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT count(*) FROM person WHERE account_id = ? AND status = 'active'", Long.class, accountId))
			.isEqualTo(USERS - 4 * USERS / 200);
		assertThat(
				this.jdbcTemplate.queryForObject("SELECT count(*) FROM reconcile_seen WHERE run_id = cast(? AS uuid)",
						Long.class, run.path("id").asText()))
			.as("staging is cleared")
			.isZero();
	}

}
