package app.provisioning.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.mapping.FieldMap;
import app.provisioning.mapping.PulledRecords;
import app.provisioning.mapping.RecordViews;
import app.provisioning.reconcile.graph.GraphClient;
import app.provisioning.reconcile.graph.GraphException;
import app.provisioning.reconcile.graph.GraphUserDocument;
import app.provisioning.synclog.SyncLog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The import phase: reads the members (transitively) of the groups selected in each field
 * map, creates or updates their records through that map, and deactivates group-imported
 * records whose users left every selected group. Nothing is deactivated until every group
 * was read.
 */
@Component
class GroupImport {

	private static final Logger log = LoggerFactory.getLogger(GroupImport.class);

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private static final int CHUNK = 100;

	private final GraphClient graph;

	private final JdbcTemplate jdbc;

	private final PulledRecords records;

	private final ChunkApplier chunks;

	private final ReconcileRuns runs;

	private final SyncLog syncLog;

	private final TransactionTemplate transactions;

	GroupImport(GraphClient graph, JdbcTemplate jdbc, PulledRecords records, ChunkApplier chunks, ReconcileRuns runs,
			SyncLog syncLog, TransactionTemplate transactions) {
		this.graph = graph;
		this.jdbc = jdbc;
		this.records = records;
		this.chunks = chunks;
		this.runs = runs;
		this.syncLog = syncLog;
		this.transactions = transactions;
	}

	void run(RunContext run) {
		String cursor = this.runs.cursor(run.runId());
		if (cursor == null) {
			list(run);
			cursor = "apply:";
			this.runs.progress(run.runId(), ReconcileRun.Counts.ZERO, cursor);
		}
		if (cursor.startsWith("apply:")) {
			apply(run, cursor.substring("apply:".length()));
			cursor = "depart:";
			this.runs.progress(run.runId(), ReconcileRun.Counts.ZERO, cursor);
		}
		for (FieldMap map : run.maps()) {
			depart(run, map);
		}
	}

	private void list(RunContext run) {
		String query = run.selection().query() + "&$top=999&$count=true";
		for (GroupSelections.Selected group : run.selections()) {
			if (run.map(group.fieldMapId()) == null) {
				continue;
			}
			try {
				long members = this.graph
					.forEachPage(run.credentials(),
							"/groups/" + group.groupId() + "/transitiveMembers/microsoft.graph.user?" + query,
							(page) -> stage(run, group, page))
					.items();
				log.info("Run {}: group {} ({}) has {} user members", run.runId(), group.groupId(), group.displayName(),
						members);
			}
			catch (GraphException ex) {
				if (ex.status() != 404) {
					throw ex;
				}
				// A deleted group has no members left: like a group leaving the
				// selection.
				this.transactions.executeWithoutResult((status) -> {
					this.syncLog.append(new SyncLog.Entry(run.accountId(), run.source(), "import", "entra_group",
							group.groupId(), SyncLog.Outcome.ERROR,
							"The selected group " + describe(group)
									+ " no longer exists in Entra; its former members are treated as having left it",
							null));
					this.runs.progress(run.runId(), new ReconcileRun.Counts(0, 0, 0, 0, 0, 0, 1), null);
				});
			}
			this.runs.heartbeat(run.runId());
		}
	}

	private void stage(RunContext run, GroupSelections.Selected group, JsonNode page) {
		List<Object[]> rows = new ArrayList<>();
		for (JsonNode user : page) {
			String id = user.path("id").asText(null);
			if (id != null) {
				rows.add(new Object[] { run.runId(), group.fieldMapId(), id, GraphUserDocument.toScim(user).toString(),
						group.permissionLevelId(), group.levelRank() });
			}
		}
		this.jdbc.batchUpdate("INSERT INTO reconcile_import (run_id, field_map_id, object_id, document, level_id,"
				+ " level_rank) VALUES (?, ?, ?, cast(? AS jsonb), ?, ?) ON CONFLICT (run_id, field_map_id, object_id)"
				+ " DO UPDATE SET level_id = CASE WHEN coalesce(excluded.level_rank, -2147483648)"
				+ " > coalesce(reconcile_import.level_rank, -2147483648) THEN excluded.level_id"
				+ " ELSE reconcile_import.level_id END,"
				+ " level_rank = greatest(excluded.level_rank, reconcile_import.level_rank)", rows);
		this.runs.heartbeat(run.runId());
	}

	private record Member(UUID mapId, String objectId, ObjectNode document, UUID levelId) {
	}

	private void apply(RunContext run, String after) {
		String cursor = after;
		while (true) {
			String[] key = cursor.isEmpty() ? new String[] { "00000000-0000-0000-0000-000000000000", "" }
					: cursor.split("\\|", 2);
			List<Member> members = this.jdbc
				.query("SELECT field_map_id, object_id, document, level_id FROM reconcile_import"
						+ " WHERE run_id = ? AND (field_map_id, object_id) > (?, ?) ORDER BY field_map_id, object_id LIMIT ?",
						(rs, n) -> new Member(rs.getObject("field_map_id", UUID.class), rs.getString("object_id"),
								document(rs.getString("document")), rs.getObject("level_id", UUID.class)),
						run.runId(), UUID.fromString(key[0]), key[1], CHUNK);
			if (members.isEmpty()) {
				return;
			}
			Member last = members.get(members.size() - 1);
			cursor = last.mapId() + "|" + last.objectId();
			this.chunks.apply(run, members, (member) -> importOne(run, member),
					(member) -> "Entra user " + member.objectId(), "apply:" + cursor, ReconcileRun.Counts.ZERO);
		}
	}

	private ReconcileRun.Counts importOne(RunContext run, Member member) {
		FieldMap map = run.map(member.mapId());
		PulledRecords.ImportOutcome outcome = this.records.importUser(map, member.document(), member.objectId(),
				member.levelId(), run.source());
		return switch (outcome) {
			case CREATED -> new ReconcileRun.Counts(0, 1, 0, 0, 0, 0, 0);
			case UPDATED -> new ReconcileRun.Counts(0, 0, 1, 0, 0, 0, 0);
			case ERROR -> new ReconcileRun.Counts(0, 0, 0, 0, 0, 0, 1);
			case UNCHANGED, PUSHED -> ReconcileRun.Counts.ZERO;
		};
	}

	/**
	 * Group-imported records of a map whose users are no longer in any of its selected
	 * groups.
	 */
	private void depart(RunContext run, FieldMap map) {
		String view = RecordViews.view(map.target());
		UUID after = new UUID(0, 0);
		while (true) {
			List<UUID> leaving = this.jdbc.queryForList("SELECT r.id FROM " + view + " r WHERE r.account_id = ?"
					+ " AND r.field_map_id = ? AND r.scim_user_id IS NULL AND r.origin = 'graph' AND r.status = 'active'"
					+ " AND NOT EXISTS (SELECT 1 FROM reconcile_import i WHERE i.run_id = ? AND i.field_map_id = r.field_map_id"
					+ " AND i.object_id = r.entra_object_id) AND r.id > ? ORDER BY r.id LIMIT ?", UUID.class,
					run.accountId(), map.id(), run.runId(), after, CHUNK);
			if (leaving.isEmpty()) {
				return;
			}
			after = leaving.get(leaving.size() - 1);
			this.chunks.apply(run, leaving,
					(id) -> this.records.setEntraState(map.target(), run.accountId(), id,
							PulledRecords.EntraState.LEFT_GROUPS, run.source())
									? new ReconcileRun.Counts(0, 0, 0, 1, 0, 0, 0) : ReconcileRun.Counts.ZERO,
					(id) -> "record " + id, "depart:", ReconcileRun.Counts.ZERO);
		}
	}

	private static String describe(GroupSelections.Selected group) {
		return (group.displayName() != null) ? "'" + group.displayName() + "' (" + group.groupId() + ")"
				: group.groupId();
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
