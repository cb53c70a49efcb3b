package app.provisioning.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import app.provisioning.support.FakeGraphApp;
import app.provisioning.support.Prometheus;
import app.provisioning.support.ScimClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation runs in the Prometheus scrape: attempts by outcome and account, with
 * their duration.
 */
class ReconcileMetricsTest extends ReconcileTestSupport {

	private double attempts(UUID account, String outcome) {
		return new Prometheus(this.port, ADMIN_KEY).value("reconcile_runs_seconds_count",
				Map.of("account", account.toString(), "outcome", outcome));
	}

	private void awaitAttempts(UUID account, String outcome, double expected) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(attempts(account, outcome)).as(outcome).isEqualTo(expected));
	}

	@Test
	void completedAndFailedRunsAreCountedPerAccountWithTheirDuration() {
		ScimClient scim = pushUsers(true, "alice@contoso.com");
		FakeGraphApp app = newApp();
		app.tenant().addUser("alice@contoso.com");
		connect(scim.accountId(), app);
		assertThat(syncAndWait(scim.accountId()).path("state").asText()).isEqualTo("completed");
		awaitAttempts(scim.accountId(), "completed", 1);
		assertThat(new Prometheus(this.port, ADMIN_KEY).value("reconcile_runs_seconds_sum",
				Map.of("account", scim.accountId().toString(), "outcome", "completed", "mode", "full")))
			.isPositive();

		app.tenant().unavailable("/users", true);
		try {
			assertThat(syncAndWait(scim.accountId()).path("state").asText()).isEqualTo("failed");
		}
		finally {
			app.tenant().unavailable("/users", false);
		}
		awaitAttempts(scim.accountId(), "retrying", 1);
		awaitAttempts(scim.accountId(), "failed", 1);
		assertThat(attempts(scim.accountId(), "completed")).isEqualTo(1);
	}

}
