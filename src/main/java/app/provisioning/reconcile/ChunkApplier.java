package app.provisioning.reconcile;

import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.synclog.SyncLog;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a chunk of per-user changes in one transaction, with the run's progress. If the
 * chunk fails, each user is applied again in a transaction of its own, so one bad user
 * costs one error and never leaves a user half-applied.
 */
@Component
class ChunkApplier {

	private static final Logger log = LoggerFactory.getLogger(ChunkApplier.class);

	private final TransactionTemplate transactions;

	private final ReconcileRuns runs;

	private final SyncLog syncLog;

	private final RunStops stops;

	ChunkApplier(TransactionTemplate transactions, ReconcileRuns runs, SyncLog syncLog, RunStops stops) {
		this.stops = stops;
		this.transactions = transactions;
		this.runs = runs;
		this.syncLog = syncLog;
	}

	/** One user's change: returns what it did to the run's counts. */
	interface Change<T> extends Function<T, ReconcileRun.Counts> {

	}

	<T> void apply(RunContext run, List<T> items, Change<T> change, Function<T, String> describe, String cursor,
			ReconcileRun.Counts extra) {
		try {
			this.transactions.executeWithoutResult((status) -> {
				ReconcileRun.Counts total = extra;
				for (T item : items) {
					total = total.plus(change.apply(item));
				}
				this.runs.progress(run.runId(), total, cursor);
			});
		}
		catch (RuntimeException ex) {
			applyOneByOne(run, items, change, describe, cursor, extra, ex);
		}
		this.stops.safePoint(run.runId());
	}

	private <T> void applyOneByOne(RunContext run, List<T> items, Change<T> change, Function<T, String> describe,
			String cursor, ReconcileRun.Counts extra, RuntimeException chunkFailure) {
		log.warn("Run {}: a chunk of {} failed ({}); applying its users one by one", run.runId(), items.size(),
				chunkFailure.getMessage());
		ReconcileRun.Counts total = extra;
		for (T item : items) {
			try {
				total = total.plus(this.transactions.execute((status) -> change.apply(item)));
			}
			catch (RuntimeException ex) {
				log.error("Run {}: {} failed", run.runId(), describe.apply(item), ex);
				total = total.plus(new ReconcileRun.Counts(0, 0, 0, 0, 0, 0, 1));
				this.transactions.executeWithoutResult((status) -> this.syncLog
					.append(new SyncLog.Entry(run.accountId(), run.source(), "reconcile", "user", describe.apply(item),
							SyncLog.Outcome.ERROR, "Could not apply: " + ex.getMessage(), null)));
			}
		}
		ReconcileRun.Counts counted = total;
		this.transactions.executeWithoutResult((status) -> this.runs.progress(run.runId(), counted, cursor));
	}

}
