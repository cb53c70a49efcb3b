package app.provisioning.reconcile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import app.provisioning.platform.Refusal;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code reconcile_run} rows: one per run, with progress any instance can read and
 * continue.
 */
@Component
class ReconcileRuns {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final RunStops stops;

	ReconcileRuns(JdbcTemplate jdbc, Clock clock, RunStops stops) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.stops = stops;
	}

	/**
	 * A new queued run; an account-wide run is refused while another is queued or running
	 * (the database decides).
	 */
	ReconcileRun create(UUID accountId, String trigger, String mode) {
		UUID id = UUID.randomUUID();
		try {
			this.jdbc.update(
					"INSERT INTO reconcile_run (id, account_id, trigger, mode, state, phase, requested_at)"
							+ " VALUES (?, ?, ?, ?, 'queued', ?, ?)",
					id, accountId, trigger, mode, "record".equals(trigger) ? "record" : Phase.IMPORT.key(), now());
		}
		catch (DuplicateKeyException ex) {
			ReconcileRun active = active(accountId).orElse(null);
			throw Refusal.conflict("A reconciliation run of this account is already "
					+ ((active != null) ? active.state() + ": " + active.id() : "in progress")
					+ "; follow it at /api/accounts/" + accountId + "/reconciliation/runs"
					+ ((active != null) ? "/" + active.id() : ""));
		}
		return get(accountId, id).orElseThrow();
	}

	Optional<ReconcileRun> get(UUID accountId, UUID id) {
		return this.jdbc.query("SELECT * FROM reconcile_run WHERE account_id = ? AND id = ?", this::row, accountId, id)
			.stream()
			.findFirst();
	}

	Optional<ReconcileRun> byId(UUID id) {
		return this.jdbc.query("SELECT * FROM reconcile_run WHERE id = ?", this::row, id).stream().findFirst();
	}

	Optional<ReconcileRun> active(UUID accountId) {
		return this.jdbc
			.query("SELECT * FROM reconcile_run WHERE account_id = ? AND state IN ('queued', 'running')"
					+ " AND trigger <> 'record' ORDER BY requested_at DESC LIMIT 1", this::row, accountId)
			.stream()
			.findFirst();
	}

	List<ReconcileRun> latest(UUID accountId, int limit) {
		return this.jdbc.query("SELECT * FROM reconcile_run WHERE account_id = ? ORDER BY requested_at DESC LIMIT ?",
				this::row, accountId, limit);
	}

	/**
	 * Marks the run running (again, after a failure or a lost instance); returns the
	 * attempt number.
	 */
	int start(UUID id) {
		OffsetDateTime now = now();
		this.jdbc.update(
				"UPDATE reconcile_run SET state = 'running', attempts = attempts + 1,"
						+ " started_at = coalesce(started_at, ?), heartbeat_at = ?, last_error = NULL WHERE id = ?",
				now, now, id);
		return this.jdbc.queryForObject("SELECT attempts FROM reconcile_run WHERE id = ?", Integer.class, id);
	}

	String cursor(UUID id) {
		return this.jdbc.queryForObject("SELECT cursor FROM reconcile_run WHERE id = ?", String.class, id);
	}

	Phase phase(UUID id) {
		return Phase.of(this.jdbc.queryForObject("SELECT phase FROM reconcile_run WHERE id = ?", String.class, id));
	}

	/**
	 * Adds to the counts and moves the cursor, in the caller's transaction (so progress
	 * and changes agree).
	 */
	void progress(UUID id, ReconcileRun.Counts delta, String cursor) {
		this.jdbc.update(
				"UPDATE reconcile_run SET checked = checked + ?, imported = imported + ?, updated = updated + ?,"
						+ " deactivated = deactivated + ?, reactivated = reactivated + ?, flagged = flagged + ?,"
						+ " errors = errors + ?, cursor = ?, heartbeat_at = ? WHERE id = ?",
				delta.checked(), delta.imported(), delta.updated(), delta.deactivated(), delta.reactivated(),
				delta.flagged(), delta.errors(), cursor, now(), id);
	}

	void enter(UUID id, Phase phase) {
		this.jdbc.update("UPDATE reconcile_run SET phase = ?, cursor = NULL, heartbeat_at = ? WHERE id = ?",
				phase.key(), now(), id);
	}

	void deltaLink(UUID id, String link) {
		this.jdbc.update("UPDATE reconcile_run SET delta_link = ? WHERE id = ?", link, id);
	}

	String deltaLink(UUID id) {
		return this.jdbc.queryForObject("SELECT delta_link FROM reconcile_run WHERE id = ?", String.class, id);
	}

	/**
	 * Graph forgot the delta token: the run reads the whole tenant instead, from a clean
	 * start of that phase.
	 */
	void switchToFull(UUID id) {
		this.jdbc.update(
				"UPDATE reconcile_run SET mode = 'full', phase = ?, cursor = NULL, delta_link = NULL WHERE id = ?",
				Phase.USERS.key(), id);
		this.jdbc.update("DELETE FROM reconcile_seen WHERE run_id = ?", id);
		this.jdbc.update("DELETE FROM reconcile_deleted WHERE run_id = ?", id);
	}

	/**
	 * Marks progress; callers call it with their work committed, so it is also where a
	 * shutdown may pause the run.
	 */
	void heartbeat(UUID id) {
		this.jdbc.update("UPDATE reconcile_run SET heartbeat_at = ? WHERE id = ?", now(), id);
		this.stops.safePoint(id);
	}

	/** Back to the queue, progress kept; the attempt that was stopped does not count. */
	void pause(UUID id, String reason) {
		this.jdbc.update("UPDATE reconcile_run SET state = 'queued', attempts = greatest(attempts - 1, 0),"
				+ " summary = ?, heartbeat_at = ? WHERE id = ? AND state = 'running'", reason, now(), id);
	}

	void attemptFailed(UUID id, String error) {
		this.jdbc.update("UPDATE reconcile_run SET last_error = ?, heartbeat_at = ? WHERE id = ?", error, now(), id);
	}

	void finish(UUID id, String state, String summary, String error) {
		this.jdbc.update(
				"UPDATE reconcile_run SET state = ?, phase = ?, summary = ?, last_error = coalesce(?, last_error),"
						+ " finished_at = ?, heartbeat_at = ? WHERE id = ?",
				state, Phase.DONE.key(), summary, error, now(), now(), id);
		this.jdbc.update("DELETE FROM reconcile_seen WHERE run_id = ?", id);
		this.jdbc.update("DELETE FROM reconcile_deleted WHERE run_id = ?", id);
		this.jdbc.update("DELETE FROM reconcile_import WHERE run_id = ?", id);
	}

	private ReconcileRun row(ResultSet rs, int n) throws SQLException {
		return new ReconcileRun(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
				rs.getString("trigger"), rs.getString("mode"), rs.getString("state"), rs.getString("phase"),
				rs.getInt("attempts"),
				new ReconcileRun.Counts(rs.getLong("checked"), rs.getLong("imported"), rs.getLong("updated"),
						rs.getLong("deactivated"), rs.getLong("reactivated"), rs.getLong("flagged"),
						rs.getLong("errors")),
				rs.getString("last_error"), rs.getString("summary"), instant(rs, "requested_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return (time != null) ? time.toInstant() : null;
	}

	private OffsetDateTime now() {
		return OffsetDateTime.ofInstant(this.clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
	}

	/** The steps of an account-wide run, in order. */
	enum Phase {

		IMPORT("import"), USERS("users"), DELETED("deleted"), CLASSIFY("classify"), DONE("done");

		private final String key;

		Phase(String key) {
			this.key = key;
		}

		String key() {
			return this.key;
		}

		static Phase of(String key) {
			for (Phase phase : values()) {
				if (phase.key.equals(key)) {
					return phase;
				}
			}
			return IMPORT;
		}

	}

}
