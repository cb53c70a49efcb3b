package app.provisioning.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.mapping.FieldMap;
import app.provisioning.mapping.RecordViews;
import app.provisioning.mapping.PulledRecords;
import app.provisioning.mapping.PulledRecords.EntraState;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The comparison phase: every record of the account against what the run read from Graph,
 * in chunks, set-based. A record is matched to its Entra user by the object ID it
 * learned; until it has one, by its SCIM user's object ID or user principal name, or its
 * map's unique identifier. Present and disabled → deactivated; in deleted items →
 * deactivated, "deleted in Entra"; in neither → "gone from Entra", deactivated; enabled
 * again → reactivated when Entra's push still has the user active.
 */
@Component
class RecordCheck {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final int CHUNK = 1000;

	/**
	 * Records changed in one transaction: small, so Entra's pushes to the same users
	 * never wait long.
	 */
	private static final int APPLY_CHUNK = 100;

	static final String GUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

	/**
	 * Integration statuses a reconciliation sets when it deactivates; only these does it
	 * undo.
	 */
	static final Set<String> STATES_FROM_GRAPH = Set.of("disabled_in_entra", "deleted_in_entra", "gone_from_entra");

	private final JdbcTemplate jdbc;

	private final PulledRecords records;

	private final ChunkApplier chunks;

	private final ReconcileRuns runs;

	RecordCheck(JdbcTemplate jdbc, PulledRecords records, ChunkApplier chunks, ReconcileRuns runs) {
		this.jdbc = jdbc;
		this.records = records;
		this.chunks = chunks;
		this.runs = runs;
	}

	private record Found(UUID id, UUID mapId, String status, String integration, UUID scimUserId, String objectId,
			boolean pushedActive, String seenId, Boolean seenEnabled, String seenDocument, String deletedId,
			boolean gone, boolean createdDuringRun) {
	}

	void run(RunContext run) {
		String cursor = this.runs.cursor(run.runId());
		String people = RecordViews.label(FieldMap.Target.PEOPLE) + ":";
		String logins = RecordViews.label(FieldMap.Target.USER_CONFIGURATION) + ":";
		boolean loginsOnly = cursor != null && cursor.startsWith(logins);
		if (!loginsOnly) {
			check(run, FieldMap.Target.PEOPLE, after(cursor, people));
		}
		check(run, FieldMap.Target.USER_CONFIGURATION, after(cursor, logins));
	}

	private static UUID after(String cursor, String prefix) {
		return (cursor != null && cursor.startsWith(prefix)) ? UUID.fromString(cursor.substring(prefix.length()))
				: new UUID(0, 0);
	}

	private void check(RunContext run, FieldMap.Target target, UUID start) {
		String view = RecordViews.view(target);
		String label = RecordViews.label(target);
		UUID after = start;
		while (true) {
			org.springframework.jdbc.core.RowMapper<Found> mapper = (rs, n) -> new Found(rs.getObject("id", UUID.class),
					rs.getObject("field_map_id", UUID.class), rs.getString("status"),
					rs.getString("integration_status"), rs.getObject("scim_user_id", UUID.class),
					rs.getString("entra_object_id"), rs.getBoolean("pushed_active"), rs.getString("seen_id"),
					(Boolean) rs.getObject("seen_enabled"), rs.getString("seen_document"), rs.getString("deleted_id"),
					rs.getBoolean("gone"), rs.getBoolean("created_during_run"));
			List<Found> found = run.delta()
					? this.jdbc.query(changedQuery(view), mapper, run.runId(), run.runId(), run.runId(), run.runId(),
							run.accountId(), after, CHUNK)
					: this.jdbc.query(query(view), mapper, run.runId(), run.runId(), run.runId(), run.runId(),
							run.runId(), run.runId(), run.runId(), run.runId(), run.runId(), run.runId(),
							run.accountId(), after, CHUNK);
			if (found.isEmpty()) {
				return;
			}
			after = found.get(found.size() - 1).id();
			List<UUID> learnedIds = new ArrayList<>();
			List<String> learnedObjects = new ArrayList<>();
			List<Found> actions = new ArrayList<>();
			for (Found record : found) {
				String matched = (record.seenId() != null) ? record.seenId() : record.deletedId();
				if (record.objectId() == null && matched != null) {
					learnedIds.add(record.id());
					learnedObjects.add(matched);
				}
				if (action(run, record) != null) {
					actions.add(record);
				}
			}
			ReconcileRun.Counts checked = new ReconcileRun.Counts(found.size(), 0, 0, 0, 0, 0, 0);
			for (int from = 0; from < Math.max(1, actions.size()); from += APPLY_CHUNK) {
				List<Found> part = actions.subList(Math.min(from, actions.size()),
						Math.min(from + APPLY_CHUNK, actions.size()));
				boolean last = from + APPLY_CHUNK >= actions.size();
				// the chunk's records count as checked, and its cursor moves, with its
				// last part
				this.chunks.apply(run, part, (record) -> apply(run, target, record),
						(record) -> label + " " + record.id(),
						last ? label + ":" + after : this.runs.cursor(run.runId()),
						last ? checked : ReconcileRun.Counts.ZERO);
			}
			this.records.learnObjectIds(target, learnedIds, learnedObjects);
		}
	}

	private enum Action {

		DISABLE(EntraState.DISABLED), DELETE(EntraState.DELETED), GONE(EntraState.GONE), REACTIVATE(EntraState.ENABLED),
		REFRESH(null);

		private final EntraState state;

		Action(EntraState state) {
			this.state = state;
		}

	}

	/**
	 * What Graph's view asks of this record, or null when the record already shows it.
	 */
	private static Action action(RunContext run, Found record) {
		boolean active = "active".equals(record.status());
		if (record.seenId() != null) {
			if (Boolean.FALSE.equals(record.seenEnabled())) {
				return active ? Action.DISABLE : null;
			}
			// A delta change without accountEnabled says nothing about it: a user
			// disabled stays so.
			boolean stillDisabled = record.seenEnabled() == null && "disabled_in_entra".equals(record.integration());
			if (!active && STATES_FROM_GRAPH.contains(record.integration()) && record.scimUserId() != null
					&& record.pushedActive() && !stillDisabled) {
				return Action.REACTIVATE;
			}
			// Group-imported records are reactivated by the import phase, which knows
			// their groups.
			return (active && run.connection().refreshFields() && record.seenDocument() != null) ? Action.REFRESH
					: null;
		}
		if (record.deletedId() != null && !record.gone()) {
			return (!active && "deleted_in_entra".equals(record.integration())) ? null : Action.DELETE;
		}
		// Absent from what the run read says nothing about a record that Entra
		// provisioned after the run began reading: its user may have been created after
		// the listing passed it.
		if (record.createdDuringRun()) {
			return null;
		}
		return "gone_from_entra".equals(record.integration()) ? null : Action.GONE;
	}

	private ReconcileRun.Counts apply(RunContext run, FieldMap.Target target, Found record) {
		Action action = action(run, record);
		if (action == Action.REFRESH) {
			FieldMap map = run.map(record.mapId());
			boolean refreshed = map != null
					&& this.records.refreshFields(map, record.id(), document(record.seenDocument()), run.source());
			return refreshed ? new ReconcileRun.Counts(0, 0, 1, 0, 0, 0, 0) : ReconcileRun.Counts.ZERO;
		}
		if (!this.records.setEntraState(target, run.accountId(), record.id(), action.state, run.source())) {
			return ReconcileRun.Counts.ZERO;
		}
		return switch (action) {
			case REACTIVATE -> new ReconcileRun.Counts(0, 0, 0, 0, 1, 0, 0);
			case GONE -> new ReconcileRun.Counts(0, 0, 0, 0, 0, 1, 0);
			default -> new ReconcileRun.Counts(0, 0, 0, 1, 0, 0, 0);
		};
	}

	/**
	 * One chunk of records with their match among the users and the deleted users the run
	 * read. A learned object ID is the only key once known: a new user who reuses a
	 * departed user's name is somebody else.
	 */
	private static String query(String view) {
		String identity = "r.entra_object_id IS NULL AND ";
		// By name only while no object ID is known: not learned, not in the SCIM user's
		// externalId, not the map's key. A new user who reuses a departed user's name is
		// somebody else.
		String nameOnly = identity + "NOT coalesce(s.external_id ~* '" + GUID + "', false)"
				+ " AND NOT (fm.unique_identifier = 'object_id' AND r.unique_key ~* '" + GUID + "') AND ";
		String candidates = "SELECT %1$s, 1 AS preference FROM %2$s g WHERE g.run_id = ? AND g.object_id = r.entra_object_id"
				+ " UNION ALL SELECT %1$s, 2 FROM %2$s g WHERE g.run_id = ? AND " + identity
				+ "fm.unique_identifier = 'object_id' AND g.object_id = r.unique_key"
				+ " UNION ALL SELECT %1$s, 3 FROM %2$s g WHERE g.run_id = ? AND " + identity
				+ "g.object_id = s.external_id" + " UNION ALL SELECT %1$s, 4 FROM %2$s g WHERE g.run_id = ? AND "
				+ nameOnly
				+ "g.upn = lower(coalesce(s.user_name, CASE WHEN fm.unique_identifier = 'user_principal_name'"
				+ " THEN r.unique_key END))";
		String seen = String.format(candidates, "g.object_id, g.enabled, g.document", "reconcile_seen")
				+ " UNION ALL SELECT g.object_id, g.enabled, g.document, 5 FROM reconcile_seen g WHERE g.run_id = ? AND "
				+ nameOnly + "fm.unique_identifier = 'primary_email' AND g.mail = lower(r.unique_key)";
		String deleted = String.format(candidates, "g.object_id", "reconcile_deleted");
		return "SELECT r.id, r.field_map_id, r.status, r.integration_status, r.scim_user_id, r.entra_object_id,"
				+ " coalesce(s.enabled, false) AS pushed_active,"
				+ " seen.object_id AS seen_id, seen.enabled AS seen_enabled, seen.document::text AS seen_document,"
				+ " deleted.object_id AS deleted_id, false AS gone,"
				+ " r.created_at >= (SELECT started_at FROM reconcile_run WHERE id = ?) AS created_during_run FROM "
				+ view + " r" + " JOIN published_field_map fm ON fm.id = r.field_map_id"
				+ " LEFT JOIN published_scim_user s ON s.id = r.scim_user_id AND s.account_id = r.account_id"
				+ " LEFT JOIN LATERAL (SELECT c.object_id, c.enabled, c.document FROM (" + seen
				+ ") c ORDER BY c.preference LIMIT 1) seen ON true" + " LEFT JOIN LATERAL (SELECT c.object_id FROM ("
				+ deleted + ") c ORDER BY c.preference LIMIT 1) deleted ON seen.object_id IS NULL"
				+ " WHERE r.account_id = ? AND r.id > ? ORDER BY r.id LIMIT ?";
	}

	/**
	 * In a delta run: only the records whose users Graph reported as changed or removed;
	 * the others were not touched in Entra since the last run. They are found by the
	 * object ID they learned (records without one wait for the next full run).
	 */
	private static String changedQuery(String view) {
		return "SELECT r.id, r.field_map_id, r.status, r.integration_status, r.scim_user_id, r.entra_object_id,"
				+ " coalesce(s.enabled, false) AS pushed_active,"
				+ " g.object_id AS seen_id, g.enabled AS seen_enabled, g.document::text AS seen_document,"
				+ " d.object_id AS deleted_id, coalesce(d.gone, false) AS gone, false AS created_during_run FROM "
				+ view + " r"
				+ " LEFT JOIN published_scim_user s ON s.id = r.scim_user_id AND s.account_id = r.account_id"
				+ " LEFT JOIN reconcile_seen g ON g.run_id = ? AND g.object_id = r.entra_object_id"
				+ " LEFT JOIN reconcile_deleted d ON d.run_id = ? AND d.object_id = r.entra_object_id"
				+ " WHERE r.entra_object_id IN (SELECT object_id FROM reconcile_seen WHERE run_id = ?"
				+ " UNION ALL SELECT object_id FROM reconcile_deleted WHERE run_id = ?)"
				+ " AND r.account_id = ? AND r.id > ? ORDER BY r.id LIMIT ?";
	}

	private static ObjectNode document(String json) {
		try {
			return (ObjectNode) MAPPER.readTree(json);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Staged Graph user is not JSON", ex);
		}
	}

}
