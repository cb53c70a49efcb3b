package app.provisioning.mapping;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.synclog.SyncLog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stands in front of every deactivation of a record, whatever its source (SCIM
 * {@code active=false} or {@code DELETE}, leaving the last mapped group, the Graph
 * reconciliation, re-applying a field map). Past the account's limit, the deactivation is
 * held: the record keeps its status, is marked, and waits for an administrator to release
 * or discard it; the caller still succeeds, so Entra neither retries nor quarantines.
 * Reactivations are never held, and one that comes while a deactivation is held takes it
 * off the list.
 */
@Component
class DeactivationBrake {

	// The records created by the current transaction.
	private static final Object CREATED = new Object();

	private final BrakeAdmissions admissions;

	private final JdbcTemplate jdbc;

	private final SyncLog syncLog;

	DeactivationBrake(BrakeAdmissions admissions, JdbcTemplate jdbc, SyncLog syncLog) {
		this.admissions = admissions;
		this.jdbc = jdbc;
		this.syncLog = syncLog;
	}

	/**
	 * What a deactivation would do to a record.
	 *
	 * @param table {@code person} or {@code login_user}
	 * @param source the sync-log source of the change that wants it
	 * @param cause what wants it, in words an administrator understands
	 * @param clearsLevel a login user also loses its permission level
	 */
	record Deactivation(UUID accountId, String table, UUID recordId, String source, String cause, String targetStatus,
			String integrationStatus, String integrationReason, boolean clearsLevel) {
	}

	/**
	 * True when the deactivation may go ahead now (the caller writes it); false when it
	 * is held, which this has written down: the caller then leaves the record's status
	 * alone.
	 * @param alreadyHeld the record has a held deactivation: it stays held, and the new
	 * request is not counted again
	 */
	boolean admit(Deactivation deactivation, boolean alreadyHeld) {
		if (createdNow(deactivation.recordId())) {
			// Created and turned inactive in one transaction (a new login user in no
			// mapped group): nobody ever saw it active, so nothing is deactivated.
			return true;
		}
		if (alreadyHeld) {
			// The newest request says what a release will do.
			this.jdbc.update(
					"UPDATE held_deactivation SET source = ?, cause = ?, target_status = ?,"
							+ " integration_status = ?, integration_reason = ?, clears_level = ?"
							+ " WHERE record_id = ? AND state = 'held'",
					deactivation.source(), deactivation.cause(), deactivation.targetStatus(),
					deactivation.integrationStatus(), deactivation.integrationReason(), deactivation.clearsLevel(),
					deactivation.recordId());
			return false;
		}
		if (this.admissions.admit(deactivation.accountId()) != BrakeAdmissions.Admission.HELD) {
			return true;
		}
		hold(deactivation);
		return false;
	}

	private void hold(Deactivation d) {
		this.jdbc.update(
				"INSERT INTO held_deactivation (account_id, record_type, record_id, source, cause,"
						+ " target_status, integration_status, integration_reason, clears_level)"
						+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) WHERE state = 'held' DO NOTHING",
				d.accountId(), d.table(), d.recordId(), d.source(), d.cause(), d.targetStatus(), d.integrationStatus(),
				d.integrationReason(), d.clearsLevel());
		this.jdbc.update("UPDATE " + table(d.table()) + " SET deactivation_held = true WHERE id = ?", d.recordId());
		ObjectNode changes = RecordProvisioning.statusChange("active", d.targetStatus());
		this.syncLog.append(new SyncLog.Entry(d.accountId(), d.source(), "hold", d.table(), d.recordId().toString(),
				SyncLog.Outcome.SKIPPED, "Deactivation held by the deactivation brake (" + d.cause()
						+ "); an administrator releases or discards it on the account's page",
				changes));
	}

	/**
	 * A change that keeps the record active came while a deactivation was held: Entra
	 * reversed it, so it leaves the list.
	 */
	void reversed(UUID accountId, String table, UUID recordId, String source) {
		int reversed = this.jdbc.update("UPDATE held_deactivation SET state = 'reversed', decided_at = now(),"
				+ " decided_by = ? WHERE record_id = ? AND state = 'held'", source, recordId);
		this.jdbc.update("UPDATE " + table(table) + " SET deactivation_held = false WHERE id = ?", recordId);
		if (reversed > 0) {
			this.syncLog.append(new SyncLog.Entry(accountId, source, "hold-reversed", table, recordId.toString(),
					SyncLog.Outcome.APPLIED, "Entra reversed the held deactivation; the record stays active",
					RecordProvisioning.statusChange("active", "active")));
		}
	}

	/** Remembers a record the current transaction created. */
	@SuppressWarnings("unchecked")
	static void created(UUID recordId) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		Set<UUID> created = (Set<UUID>) TransactionSynchronizationManager.getResource(CREATED);
		if (created == null) {
			Set<UUID> fresh = new HashSet<>();
			TransactionSynchronizationManager.bindResource(CREATED, fresh);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(CREATED);
				}
			});
			created = fresh;
		}
		created.add(recordId);
	}

	@SuppressWarnings("unchecked")
	private static boolean createdNow(UUID recordId) {
		Set<UUID> created = (Set<UUID>) TransactionSynchronizationManager.getResource(CREATED);
		return created != null && created.contains(recordId);
	}

	static String table(String name) {
		if (!"person".equals(name) && !"login_user".equals(name)) {
			throw new IllegalArgumentException("Not a record table: " + name);
		}
		return name;
	}

}
