package app.provisioning.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.account.AccountService;
import app.provisioning.platform.ClusterTasks;
import app.provisioning.platform.Refusal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reconciliation's cluster tasks ({@link ClusterTasks}): every run is an instance of the
 * one-time task {@code reconcile-run}, executed by exactly one server instance and picked
 * up by another if its instance dies; the recurring task {@code reconcile-schedules},
 * also executed once per occurrence in the cluster, starts the runs of accounts whose
 * schedule came due and frees stuck ones.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileScheduler {

	private static final Logger log = LoggerFactory.getLogger(ReconcileScheduler.class);

	/**
	 * A queued run whose task got lost (e.g. the database failed between the two writes)
	 * is queued again after this.
	 */
	private static final Duration REQUEUE_AFTER = Duration.ofMinutes(2);

	private static final Duration STUCK_AFTER = Duration.ofMinutes(30);

	private final OneTimeTask<String> runTask;

	// Looked up when first needed: the cluster's scheduler is built from the tasks,
	// this one's among them.
	private final ObjectProvider<ClusterTasks> tasks;

	private final ReconcileProperties properties;

	private final GraphConnections connections;

	private final ReconcileRuns runs;

	private final AccountService accounts;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	ReconcileScheduler(OneTimeTask<String> reconcileRunTask, ObjectProvider<ClusterTasks> tasks,
			ReconcileProperties properties, GraphConnections connections, ReconcileRuns runs, AccountService accounts,
			JdbcTemplate jdbc, Clock clock) {
		this.runTask = reconcileRunTask;
		this.tasks = tasks;
		this.properties = properties;
		this.connections = connections;
		this.runs = runs;
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * How this instance takes part in the cluster's tasks: the reconciliation settings
	 * have always said so ({@code PROVISIONING_RECONCILE_ENABLED},
	 * {@code …_POLLINTERVAL}, {@code …_THREADS}).
	 */
	@Bean
	static ClusterTasks.Settings clusterTaskSettings(ReconcileProperties properties) {
		return new ClusterTasks.Settings(properties.enabled(), properties.pollInterval(), properties.threads());
	}

	@Bean
	static OneTimeTask<String> reconcileRunTask(Reconciliation reconciliation, ReconcileProperties properties,
			Clock clock) {
		return Tasks.oneTime("reconcile-run", String.class)
			.onFailure(new RunFailureHandler(properties.retryDelay(), clock))
			.execute((instance, context) -> reconciliation.execute(UUID.fromString(instance.getData())));
	}

	@Bean
	static RecurringTask<Void> reconcileSchedulesTask(ReconcileProperties properties,
			ObjectProvider<ReconcileScheduler> scheduler) {
		return Tasks.recurring("reconcile-schedules", FixedDelay.of(properties.scheduleCheck()))
			.execute((instance, context) -> scheduler.getObject().startDueRuns());
	}

	/** Queues a run for execution by whichever instance picks it first. */
	void enqueue(UUID runId) {
		this.tasks.getObject()
			.schedule(this.runTask.instance(runId.toString(), runId.toString()), this.clock.instant());
	}

	void startDueRuns() {
		Instant now = this.clock.instant();
		List<UUID> due = this.jdbc.queryForList("SELECT account_id FROM graph_connection WHERE next_run_at <= ?",
				UUID.class, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
		for (UUID accountId : due) {
			// a suspended account keeps its due run until it is active again
			if (!this.accounts.get(accountId).isActive()) {
				continue;
			}
			GraphConnection connection = this.connections.find(accountId).orElse(null);
			if (connection == null || connection.nextRunAt() == null) {
				continue;
			}
			Instant next = ScheduleRules.nextRun(connection.schedule(), now);
			if (!advance(accountId, connection.nextRunAt(), next)) {
				continue;
			}
			try {
				enqueue(this.runs
					.create(accountId, "schedule", connection.nextRunMode(now, this.properties.fullReadEvery(), false))
					.id());
			}
			catch (Refusal ex) {
				log.info("Scheduled reconciliation of account {} skipped: {}", accountId, ex.getMessage());
			}
		}
		// A run without progress this long is stuck (its calls to Microsoft all have
		// timeouts): free the account.
		this.jdbc.update(
				"UPDATE reconcile_run SET state = 'failed', finished_at = ?, last_error = ?, summary = ?"
						+ " WHERE state = 'running' AND heartbeat_at < ?",
				OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
				"No progress for " + STUCK_AFTER.toMinutes() + " minutes", "Failed: stopped making progress",
				OffsetDateTime.ofInstant(now.minus(STUCK_AFTER), ZoneOffset.UTC));
		for (UUID stuck : this.jdbc.queryForList(
				"SELECT id FROM reconcile_run WHERE state = 'queued' AND trigger <> 'record'" + " AND requested_at < ?",
				UUID.class, OffsetDateTime.ofInstant(now.minus(REQUEUE_AFTER), ZoneOffset.UTC))) {
			enqueue(stuck);
		}
	}

	/**
	 * Moves an account's next scheduled run forward, if it is still the one that came
	 * due; true if this caller won it, so a due run starts once however many instances
	 * saw it come due.
	 */
	private boolean advance(UUID accountId, Instant due, Instant next) {
		return this.jdbc.update("UPDATE graph_connection SET next_run_at = ? WHERE account_id = ? AND next_run_at = ?",
				(next != null) ? OffsetDateTime.ofInstant(next, ZoneOffset.UTC) : null, accountId,
				OffsetDateTime.ofInstant(due, ZoneOffset.UTC)) == 1;
	}

}
