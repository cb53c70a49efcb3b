package app.provisioning.reconcile;

import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.account.Account;
import app.provisioning.account.AccountService;
import app.provisioning.mapping.HeldDeactivations;
import app.provisioning.platform.Refusal;
import app.provisioning.mapping.FieldMaps;
import app.provisioning.reconcile.graph.GraphCredentials;
import app.provisioning.reconcile.graph.GraphException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes an account-wide run, phase by phase: import the selected groups' members, read
 * the tenant's users and deleted users, compare every record. Progress is stored after
 * each chunk, so an attempt that fails (or an instance that dies) is continued, not
 * redone.
 */
@Service
class Reconciliation {

	private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

	private final ReconcileRuns runs;

	private final GraphConnections connections;

	private final FieldMaps maps;

	private final GroupSelections selections;

	private final GroupImport groupImport;

	private final UserScan scan;

	private final RecordCheck check;

	private final RunNotifier notifier;

	private final ReconcileProperties properties;

	private final TransactionTemplate transactions;

	private final AccountService accounts;

	private final ReconcileRunMetrics metrics;

	private final RunStops stops;

	private final HeldDeactivations held;

	Reconciliation(ReconcileRuns runs, GraphConnections connections, FieldMaps maps, GroupSelections selections,
			GroupImport groupImport, UserScan scan, RecordCheck check, RunNotifier notifier,
			ReconcileProperties properties, TransactionTemplate transactions, AccountService accounts,
			ReconcileRunMetrics metrics, RunStops stops, HeldDeactivations held) {
		this.stops = stops;
		this.held = held;
		this.metrics = metrics;
		this.accounts = accounts;
		this.transactions = transactions;
		this.runs = runs;
		this.connections = connections;
		this.maps = maps;
		this.selections = selections;
		this.groupImport = groupImport;
		this.scan = scan;
		this.check = check;
		this.notifier = notifier;
		this.properties = properties;
	}

	// Deactivations the brake held are not counted as deactivated: the summary names them
	// apart, so the administrator knows to review them.
	private String summary(ReconcileRun run, RunContext context) {
		int heldNow = this.held.heldBy(run.accountId(), context.source());
		return RunNotifier.summary(run) + ((heldNow > 0)
				? "; " + heldNow + " deactivation(s) held by the deactivation brake for review on the account's page"
				: "");
	}

	/** Thrown to have the scheduler try the run again later. */
	static class RetryLater extends RuntimeException {

		RetryLater(String message, Throwable cause) {
			super(message, cause);
		}

	}

	void execute(UUID runId) {
		ReconcileRun run = this.runs.byId(runId).orElse(null);
		if (run == null || run.finished()) {
			return;
		}
		long started = System.nanoTime();
		int attempt = this.runs.start(runId);
		if (attempt > this.properties.maxAttempts()) {
			finish(runId, "failed", "Failed: no attempts left (" + this.properties.maxAttempts() + ")",
					"no attempts left", this.connections.find(run.accountId()).orElse(null));
			this.metrics.attemptEnded(run, "failed", since(started));
			return;
		}
		log.info("Reconciliation run {} of account {}: attempt {}, phase {}", runId, run.accountId(), attempt,
				run.phase());
		try {
			RunContext context = context(run);
			ReconcileRuns.Phase phase = this.runs.phase(runId);
			if (phase == ReconcileRuns.Phase.IMPORT) {
				this.groupImport.run(context);
				phase = next(runId, ReconcileRuns.Phase.USERS);
			}
			if (phase == ReconcileRuns.Phase.USERS) {
				context = readUsers(context);
				// A delta round reports removed users itself; deleted items are read in
				// full runs only.
				phase = next(runId, context.delta() ? ReconcileRuns.Phase.CLASSIFY : ReconcileRuns.Phase.DELETED);
			}
			if (phase == ReconcileRuns.Phase.DELETED) {
				this.scan.deleted(context);
				phase = next(runId, ReconcileRuns.Phase.CLASSIFY);
			}
			if (phase == ReconcileRuns.Phase.CLASSIFY) {
				this.check.run(context);
			}
			this.connections.rememberDelta(run.accountId(), this.runs.deltaLink(runId), !context.delta());
			finish(runId, "completed", summary(this.runs.byId(runId).orElseThrow(), context), null,
					context.connection());
			this.metrics.attemptEnded(run, "completed", since(started));
		}
		catch (RuntimeException ex) {
			// Cut off by the shutdown (at a safe point, or interrupted while waiting for
			// Graph): everything before is committed, so this is a pause, not a failed
			// attempt.
			if (!(ex instanceof RunStops.Paused) && !this.stops.stopping()) {
				failed(run, attempt, started, ex);
				return;
			}
			// A run the scheduler waited too long for is interrupted; the pause must
			// still be written (the
			// connection pool refuses an interrupted thread), and the scheduler then
			// records it.
			Thread.interrupted();
			log.info("Reconciliation run {} of account {} paused for shutdown; it continues on the next instance to"
					+ " pick it up", runId, run.accountId());
			this.runs.pause(runId, "Paused: a server instance stopped; continues where it stopped");
			this.metrics.attemptEnded(run, "paused", since(started));
			throw new RetryLater(ex.getMessage(), new RunStops.Paused(runId));
		}
	}

	private void failed(ReconcileRun run, int attempt, long started, RuntimeException ex) {
		UUID runId = run.id();
		String reason = reason(ex);
		if (permanent(ex) || attempt >= this.properties.maxAttempts()) {
			log.warn("Reconciliation run {} of account {} failed after {} attempt(s): {}", runId, run.accountId(),
					attempt, reason);
			finish(runId, "failed", "Failed after " + attempt + " attempt(s): " + reason, reason,
					this.connections.find(run.accountId()).orElse(null));
			this.metrics.attemptEnded(run, "failed", since(started));
			return;
		}
		log.warn("Reconciliation run {} of account {}: attempt {} failed, will retry: {}", runId, run.accountId(),
				attempt, reason);
		this.runs.attemptFailed(runId, "Attempt " + attempt + " failed (will retry): " + reason);
		this.metrics.attemptEnded(run, "retrying", since(started));
		throw new RetryLater(reason, ex);
	}

	private void finish(UUID runId, String state, String summary, String error, GraphConnection connection) {
		ReconcileRun finished = this.transactions.execute((status) -> {
			this.runs.finish(runId, state, summary, error);
			ReconcileRun run = this.runs.byId(runId).orElseThrow();
			this.notifier.record(run);
			return run;
		});
		this.notifier.post(finished, connection);
	}

	private static Duration since(long startedNanos) {
		return Duration.ofNanos(System.nanoTime() - startedNanos);
	}

	/**
	 * Reads Graph's users: only the changes in a delta run, unless Graph forgot the delta
	 * token.
	 */
	private RunContext readUsers(RunContext context) {
		if (!context.delta()) {
			this.scan.users(context);
			return context;
		}
		try {
			this.scan.changes(context);
			return context;
		}
		catch (UserScan.DeltaExpired ex) {
			log.info("Run {}: {}; reading the whole tenant instead", context.runId(), ex.getMessage());
			this.runs.switchToFull(context.runId());
			RunContext full = context(this.runs.byId(context.runId()).orElseThrow());
			this.scan.users(full);
			return full;
		}
	}

	private ReconcileRuns.Phase next(UUID runId, ReconcileRuns.Phase phase) {
		this.runs.enter(runId, phase);
		return phase;
	}

	private RunContext context(ReconcileRun run) {
		GraphConnection connection = this.connections.get(run.accountId());
		Account account = this.accounts.get(run.accountId());
		if (!account.isActive()) {
			throw Refusal.conflict("The account is suspended");
		}
		if (account.getEntraTenantId() != null && !account.getEntraTenantId().equalsIgnoreCase(connection.tenantId())) {
			// Reading another tenant would import its people into this account.
			throw Refusal.invalid("The Entra connection's tenant " + connection.tenantId()
					+ " is not the account's tenant " + account.getEntraTenantId() + "; save the connection again");
		}
		GraphCredentials credentials = new GraphCredentials(connection.tenantId(), connection.clientId(),
				this.connections.clientSecret(run.accountId()));
		return new RunContext(run.id(), run.accountId(), run.mode(), credentials, connection,
				this.maps.list(run.accountId()), this.selections.ofAccount(run.accountId()));
	}

	/**
	 * Failures that another attempt cannot fix: a refused sign-in or permission, a
	 * missing connection, a safety stop.
	 */
	private static boolean permanent(RuntimeException ex) {
		if (ex instanceof UserScan.ImplausibleAnswer || ex instanceof Refusal) {
			return true;
		}
		if (ex instanceof GraphException graph) {
			return graph.status() == 400 || graph.status() == 401 || graph.status() == 403;
		}
		return false;
	}

	static String reason(Throwable ex) {
		if (ex instanceof GraphException graph && graph.code() != null) {
			return graph.getMessage() + " (" + graph.code() + ((graph.status() > 0) ? ", HTTP " + graph.status() : "")
					+ ")";
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
