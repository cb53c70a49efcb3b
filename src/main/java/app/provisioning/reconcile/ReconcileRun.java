package app.provisioning.reconcile;

import java.time.Instant;
import java.util.UUID;

/**
 * A reconciliation run as an administrator follows it: where it is, what it has done so
 * far, how it ended.
 */
public record ReconcileRun(UUID id, UUID accountId, String trigger, String mode, String state, String phase,
		int attempts, Counts counts, String lastError, String summary, Instant requestedAt, Instant startedAt,
		Instant finishedAt) {

	/** Records checked against Graph, and what happened to them. */
	public record Counts(long checked, long imported, long updated, long deactivated, long reactivated, long flagged,
			long errors) {

		static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0);

		Counts plus(Counts other) {
			return new Counts(this.checked + other.checked, this.imported + other.imported,
					this.updated + other.updated, this.deactivated + other.deactivated,
					this.reactivated + other.reactivated, this.flagged + other.flagged, this.errors + other.errors);
		}

		boolean isZero() {
			return equals(ZERO);
		}

	}

	public boolean finished() {
		return "completed".equals(this.state) || "failed".equals(this.state);
	}

}
