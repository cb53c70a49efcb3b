package app.provisioning.mapping;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Problems;
import app.provisioning.platform.Refusal;
import app.provisioning.synclog.SyncLog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The deactivation brake as an administrator sees it: its settings, what it holds, and
 * the decisions on what it holds (release: the deactivation happens now; discard: the
 * record stays active). Every decision is written to the sync log.
 */
@Service
public class HeldDeactivations {

	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 1000;

	/** Most held deactivations one "release all" or "discard all" decides. */
	public static final int MAX_DECIDED = 100_000;

	private static final Set<String> STATES = Set.of("held", "released", "discarded", "reversed");

	private final JdbcTemplate jdbc;

	private final AccountService accounts;

	private final BrakeAdmissions admissions;

	private final SyncLog syncLog;

	HeldDeactivations(JdbcTemplate jdbc, AccountService accounts, BrakeAdmissions admissions, SyncLog syncLog) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.admissions = admissions;
		this.syncLog = syncLog;
	}

	/** One held deactivation (or one decided before). */
	public record Held(long id, String recordType, UUID recordId, String uniqueIdentifier, String source, String cause,
			String targetStatus, String state, Instant heldAt, Instant decidedAt, String decidedBy) {
	}

	/** Oldest first; {@code next} is the {@code after} of the following page. */
	public record Page(List<Held> items, String next) {
	}

	/** The brake's settings and what it is doing now. */
	public record Brake(BrakeSettings settings, int deactivatedInWindow, int held, Instant engagedAt) {
	}

	/** What an administrator may change; null leaves a value as it is. */
	public record BrakeChange(Boolean enabled, Integer maxCount, Integer maxPercent, Integer windowMinutes) {
	}

	@Transactional(readOnly = true)
	public Brake brake(UUID accountId) {
		this.accounts.get(accountId);
		List<Brake> rows = this.jdbc.query("SELECT * FROM deactivation_brake WHERE account_id = ?",
				(rs, n) -> new Brake(settings(rs), 0, 0, instant(rs, "engaged_at")), accountId);
		BrakeSettings settings = rows.isEmpty() ? BrakeSettings.DEFAULTS : rows.get(0).settings();
		Instant engagedAt = rows.isEmpty() ? null : rows.get(0).engagedAt();
		int held = this.jdbc.queryForObject(
				"SELECT count(*) FROM held_deactivation WHERE account_id = ? AND state = 'held'", Integer.class,
				accountId);
		return new Brake(settings, this.admissions.admittedInWindow(accountId, settings.windowMinutes()), held,
				engagedAt);
	}

	/** How many deactivations one source (a reconciliation run, say) has waiting. */
	@Transactional(readOnly = true)
	public int heldBy(UUID accountId, String source) {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM held_deactivation WHERE account_id = ? AND source = ?" + " AND state = 'held'",
				Integer.class, accountId, source);
	}

	@Transactional
	public Brake changeBrake(UUID accountId, BrakeChange change) {
		BrakeSettings current = brake(accountId).settings();
		if (change == null) {
			return brake(accountId);
		}
		Problems problems = new Problems();
		BrakeSettings next = new BrakeSettings((change.enabled() != null) ? change.enabled() : current.enabled(),
				checked("maxCount", change.maxCount(), current.maxCount(), 1, BrakeSettings.MAX_COUNT, problems),
				checked("maxPercent", change.maxPercent(), current.maxPercent(), 1, 100, problems),
				checked("windowMinutes", change.windowMinutes(), current.windowMinutes(), 1,
						BrakeSettings.MAX_WINDOW_MINUTES, problems));
		problems.refuseIfAny();
		this.jdbc.update("INSERT INTO deactivation_brake (account_id, enabled, max_count, max_percent, window_minutes,"
				+ " updated_at) VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (account_id) DO UPDATE SET"
				+ " enabled = excluded.enabled, max_count = excluded.max_count, max_percent = excluded.max_percent,"
				+ " window_minutes = excluded.window_minutes, updated_at = now()", accountId, next.enabled(),
				next.maxCount(), next.maxPercent(), next.windowMinutes());
		return brake(accountId);
	}

	private static int checked(String field, Integer value, int current, int min, int max, Problems problems) {
		if (value == null) {
			return current;
		}
		if (value < min || value > max) {
			problems.add("/" + field, field + " must be between " + min + " and " + max + ", not " + value);
			return current;
		}
		return value;
	}

	@Transactional(readOnly = true)
	public Page list(UUID accountId, String state, String after, Integer limit) {
		this.accounts.get(accountId);
		String wanted = (state == null) ? "held" : state;
		if (!STATES.contains(wanted)) {
			throw Refusal.invalid("state must be one of held, released, discarded, reversed, not '" + state + "'");
		}
		int size = (limit == null) ? DEFAULT_LIMIT : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw Refusal.invalid("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		long from = 0;
		if (after != null) {
			if (!after.matches("[0-9]{1,18}")) {
				throw Refusal.invalid("after '" + after + "' is not a cursor of this list; pass its 'next'");
			}
			from = Long.parseLong(after);
		}
		List<Held> items = this.jdbc.query("SELECT h.*, coalesce(p.unique_key, l.unique_key) AS unique_key"
				+ " FROM held_deactivation h LEFT JOIN person p ON h.record_type = 'person' AND p.id = h.record_id"
				+ " LEFT JOIN login_user l ON h.record_type = 'login_user' AND l.id = h.record_id"
				+ " WHERE h.account_id = ? AND h.state = ? AND h.id > ? ORDER BY h.id LIMIT ?", this::held, accountId,
				wanted, from, size + 1);
		String next = null;
		if (items.size() > size) {
			items = items.subList(0, size);
			next = Long.toString(items.get(size - 1).id());
		}
		return new Page(List.copyOf(items), next);
	}

	/**
	 * Lets the held deactivations happen now ({@code ids}, or all of them when null).
	 * @return how many were released
	 */
	@Transactional
	public int release(UUID accountId, List<Long> ids, String by) {
		List<Held> chosen = chosen(accountId, ids);
		for (Held held : chosen) {
			String table = DeactivationBrake.table(held.recordType());
			this.jdbc.update("UPDATE " + table + " r SET status = h.target_status, integration_status ="
					+ " h.integration_status, integration_reason = h.integration_reason, integration_at = now(),"
					+ " updated_at = now(), deactivation_held = false"
					+ ("login_user".equals(table)
							? ", permission_level_id = CASE WHEN h.clears_level THEN NULL ELSE r.permission_level_id END"
							: "")
					+ " FROM held_deactivation h WHERE h.id = ? AND r.id = h.record_id", held.id());
			decided(held, "released", by);
			this.syncLog
				.append(new SyncLog.Entry(accountId, "brake:release", "deactivate", table, held.recordId().toString(),
						SyncLog.Outcome.APPLIED, "Held deactivation released by " + by + " (" + held.cause() + ")",
						RecordProvisioning.statusChange("active", held.targetStatus())));
		}
		return chosen.size();
	}

	/**
	 * Drops held deactivations ({@code ids}, or all when null): the records stay active
	 * until Entra sends something new.
	 * @return how many were discarded
	 */
	@Transactional
	public int discard(UUID accountId, List<Long> ids, String by) {
		List<Held> chosen = chosen(accountId, ids);
		for (Held held : chosen) {
			String table = DeactivationBrake.table(held.recordType());
			this.jdbc.update("UPDATE " + table + " SET deactivation_held = false WHERE id = ?", held.recordId());
			decided(held, "discarded", by);
			this.syncLog.append(new SyncLog.Entry(accountId, "brake:discard", "hold-discarded", table,
					held.recordId().toString(), SyncLog.Outcome.SKIPPED,
					"Held deactivation discarded by " + by + " (" + held.cause() + "); the record stays active",
					RecordProvisioning.statusChange("active", "active")));
		}
		return chosen.size();
	}

	private List<Held> chosen(UUID accountId, List<Long> ids) {
		this.accounts.get(accountId);
		if (ids != null && (ids.isEmpty() || ids.size() > MAX_LIMIT || ids.contains(null))) {
			throw Refusal.invalid(
					"ids must list 1 to " + MAX_LIMIT + " held deactivations (or leave ids out to decide all of them)");
		}
		List<Held> chosen = this.jdbc.query("SELECT h.*, null AS unique_key FROM held_deactivation h"
				+ " WHERE h.account_id = ? AND h.state = 'held' AND (?::bigint[] IS NULL OR h.id = ANY(?::bigint[]))"
				+ " ORDER BY h.id LIMIT ? FOR UPDATE", this::held, accountId,
				(ids != null) ? ids.toArray(Long[]::new) : null, (ids != null) ? ids.toArray(Long[]::new) : null,
				MAX_DECIDED);
		if (ids != null && chosen.size() < ids.size()) {
			List<Long> found = chosen.stream().map(Held::id).toList();
			List<Long> missing = ids.stream().filter((id) -> !found.contains(id)).distinct().toList();
			throw Refusal.notFound(
					"Held deactivation " + missing + " (already decided, reversed by Entra, or not of this account)");
		}
		return chosen;
	}

	private void decided(Held held, String state, String by) {
		this.jdbc.update("UPDATE held_deactivation SET state = ?, decided_at = now(), decided_by = ? WHERE id = ?",
				state, by, held.id());
	}

	private Held held(ResultSet rs, int n) throws SQLException {
		return new Held(rs.getLong("id"), rs.getString("record_type"), rs.getObject("record_id", UUID.class),
				rs.getString("unique_key"), rs.getString("source"), rs.getString("cause"),
				rs.getString("target_status"), rs.getString("state"), instant(rs, "held_at"), instant(rs, "decided_at"),
				rs.getString("decided_by"));
	}

	private static BrakeSettings settings(ResultSet rs) throws SQLException {
		return new BrakeSettings(rs.getBoolean("enabled"), rs.getInt("max_count"), rs.getInt("max_percent"),
				rs.getInt("window_minutes"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
