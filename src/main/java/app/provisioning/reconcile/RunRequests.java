package app.provisioning.reconcile;

import java.util.List;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;

import org.springframework.stereotype.Service;

/** "Sync now" and following runs: what the administration API offers. */
@Service
public class RunRequests {

	static final int MAX_LISTED = 50;

	private final ReconcileRuns runs;

	private final ReconcileScheduler scheduler;

	private final GraphConnections connections;

	private final AccountService accounts;

	private final ReconcileProperties properties;

	private final java.time.Clock clock;

	RunRequests(ReconcileRuns runs, ReconcileScheduler scheduler, GraphConnections connections, AccountService accounts,
			ReconcileProperties properties, java.time.Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.runs = runs;
		this.scheduler = scheduler;
		this.connections = connections;
		this.accounts = accounts;
	}

	/** Queues a run now and answers at once; progress is read with {@link #get}. */
	public ReconcileRun syncNow(UUID accountId, boolean full) {
		GraphConnection connection = this.connections.get(accountId);
		if (!connection.clientSecretSet()) {
			throw Refusal.invalid("The Entra connection has no client secret; save one first");
		}
		if (!this.accounts.get(accountId).isActive()) {
			throw Refusal.conflict("Account " + accountId + " is suspended; activate it to sync");
		}
		ReconcileRun run = this.runs.create(accountId, "manual",
				connection.nextRunMode(this.clock.instant(), this.properties.fullReadEvery(), full));
		this.scheduler.enqueue(run.id());
		return run;
	}

	public ReconcileRun get(UUID accountId, UUID runId) {
		this.accounts.get(accountId);
		return this.runs.get(accountId, runId)
			.orElseThrow(() -> Refusal.notFound("Reconciliation run " + runId + " of account " + accountId));
	}

	/** The latest runs, newest first. */
	public List<ReconcileRun> latest(UUID accountId) {
		this.accounts.get(accountId);
		return this.runs.latest(accountId, MAX_LISTED);
	}

}
