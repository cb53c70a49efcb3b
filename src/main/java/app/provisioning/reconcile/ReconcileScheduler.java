package app.provisioning.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.Refusal;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs reconciliations (and the other features' recurring tasks, such as the sync-log
 * purge) through db-scheduler, on PostgreSQL: every run is a task instance that exactly
 * one server instance picks, and that another picks up if its instance dies (heartbeats).
 * A recurring task, also executed once per occurrence in the cluster, starts the runs of
 * accounts whose schedule came due.
 */
@Component
class ReconcileScheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReconcileScheduler.class);

	/**
	 * A queued run whose task got lost (e.g. the database failed between the two writes)
	 * is queued again after this.
	 */
	private static final Duration REQUEUE_AFTER = Duration.ofMinutes(2);

	private static final Duration STUCK_AFTER = Duration.ofMinutes(30);

	private final OneTimeTask<String> runTask;

	private final DataSource dataSource;

	private final List<RecurringTask<?>> recurring;

	private final SchedulerClient client;

	/**
	 * A db-scheduler cannot start again once stopped: each start of this bean builds a
	 * new one.
	 */
	private volatile Scheduler scheduler;

	private final ReconcileProperties properties;

	private final GraphConnections connections;

	private final ReconcileRuns runs;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final RunStops stops;

	private volatile boolean running;

	ReconcileScheduler(DataSource dataSource, Reconciliation reconciliation, ReconcileProperties properties,
			GraphConnections connections, ReconcileRuns runs, JdbcTemplate jdbc, Clock clock, RunStops stops,
			List<RecurringTask<?>> otherRecurringTasks) {
		this.stops = stops;
		this.properties = properties;
		this.connections = connections;
		this.runs = runs;
		this.jdbc = jdbc;
		this.clock = clock;
		this.runTask = Tasks.oneTime("reconcile-run", String.class)
			.onFailure(new RunFailureHandler(properties.retryDelay(), clock))
			.execute((instance, context) -> reconciliation.execute(UUID.fromString(instance.getData())));
		RecurringTask<Void> schedules = Tasks
			.recurring("reconcile-schedules", FixedDelay.of(properties.scheduleCheck()))
			.execute((instance, context) -> startDueRuns());
		List<RecurringTask<?>> recurring = new java.util.ArrayList<>(otherRecurringTasks);
		recurring.add(schedules);
		this.recurring = recurring;
		this.dataSource = dataSource;
		// Writes tasks while this instance's scheduler is stopped; another instance
		// executes them.
		this.client = SchedulerClient.Builder.create(dataSource, this.runTask).build();
	}

	/** Queues a run for execution by whichever instance picks it first. */
	void enqueue(UUID runId) {
		Scheduler running = this.scheduler;
		// The running scheduler also checks at once for due work on this instance.
		SchedulerClient writer = (running != null) ? running : this.client;
		writer.scheduleIfNotExists(this.runTask.instance(runId.toString(), runId.toString()), this.clock.instant());
	}

	void startDueRuns() {
		Instant now = this.clock.instant();
		List<UUID> due = this.jdbc.queryForList(
				"SELECT g.account_id FROM graph_connection g"
						+ " JOIN account a ON a.id = g.account_id WHERE g.next_run_at <= ? AND a.state = 'active'",
				UUID.class, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
		for (UUID accountId : due) {
			GraphConnection connection = this.connections.find(accountId).orElse(null);
			if (connection == null || connection.nextRunAt() == null) {
				continue;
			}
			Instant next = GraphConnections.nextRun(connection.schedule(), now);
			if (!this.connections.advance(accountId, connection.nextRunAt(), next)) {
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

	@Override
	public synchronized void start() {
		this.stops.resume();
		if (this.properties.enabled()) {
			this.scheduler = Scheduler.create(this.dataSource, this.runTask)
				.startTasks(this.recurring)
				.pollingInterval(this.properties.pollInterval())
				.heartbeatInterval(Duration.ofSeconds(30))
				.threads(this.properties.threads())
				.enableImmediateExecution()
				.shutdownMaxWait(Duration.ofSeconds(20))
				.build();
			this.scheduler.start();
		}
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		// In-flight runs stop at their next safe point; what they committed stays, and
		// the next pick-up continues.
		this.stops.requestStop();
		Scheduler stopping = this.scheduler;
		this.scheduler = null;
		if (stopping != null) {
			stopping.stop();
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
