package app.provisioning.reconcile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.platform.Refusal;
import app.provisioning.mapping.FieldMap;
import app.provisioning.mapping.FieldMaps;
import app.provisioning.mapping.PulledRecords;
import app.provisioning.mapping.RecordViews;
import app.provisioning.reconcile.graph.GraphClient;
import app.provisioning.reconcile.graph.GraphCredentials;
import app.provisioning.reconcile.graph.GraphException;
import app.provisioning.reconcile.graph.GraphUserDocument;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Sync this record": reads one record's user from Graph now and applies what it finds —
 * fields refreshed through the record's map, disabled, deleted or gone. Recorded as a run
 * of its own (trigger {@code record}) with its changes in the sync log.
 */
@Service
public class RecordSync {

	/** What syncing one record found and did. */
	public record Result(UUID runId, UUID recordId, String recordType, String entraState, String entraObjectId,
			String outcome, String message) {
	}

	private final JdbcTemplate jdbc;

	private final GraphConnections connections;

	private final GraphClient graph;

	private final FieldMaps maps;

	private final GroupSelections selections;

	private final PulledRecords records;

	private final ReconcileRuns runs;

	private final TransactionTemplate transactions;

	RecordSync(JdbcTemplate jdbc, GraphConnections connections, GraphClient graph, FieldMaps maps,
			GroupSelections selections, PulledRecords records, ReconcileRuns runs, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.connections = connections;
		this.graph = graph;
		this.maps = maps;
		this.selections = selections;
		this.records = records;
		this.runs = runs;
		this.transactions = transactions;
	}

	private record Target(UUID id, String table, FieldMap map, String uniqueKey, String objectId, UUID scimUserId,
			String userName, String externalId, boolean pushedActive, String status, String integrationStatus) {
	}

	public Result sync(UUID accountId, UUID recordId) {
		Target target = find(accountId, recordId);
		GraphConnection connection = this.connections.get(accountId);
		GraphCredentials credentials = new GraphCredentials(connection.tenantId(), connection.clientId(),
				this.connections.clientSecret(accountId));
		ReconcileRun run = this.runs.create(accountId, "record", "full");
		this.runs.start(run.id());
		String source = "reconcile:" + run.id();
		try {
			Result result = apply(run.id(), source, target, credentials);
			this.runs.finish(run.id(), "completed", result.message(), null);
			return result;
		}
		catch (GraphException ex) {
			this.runs.finish(run.id(), "failed", "Failed: " + Reconciliation.reason(ex), Reconciliation.reason(ex));
			throw Refusal
				.upstreamFailed("Microsoft Graph could not be read for this record: " + Reconciliation.reason(ex));
		}
		catch (RuntimeException ex) {
			this.runs.finish(run.id(), "failed", "Failed: " + Reconciliation.reason(ex), Reconciliation.reason(ex));
			throw ex;
		}
	}

	private Result apply(UUID runId, String source, Target target, GraphCredentials credentials) {
		String selection = GraphUserDocument.selection(target.map().fields().stream().map((f) -> f.source()).toList())
			.query();
		JsonNode user = lookUp(credentials, target, selection);
		FieldMap.Target kind = target.map().target();
		if (user != null) {
			String objectId = user.path("id").asText();
			ObjectNode document = GraphUserDocument.toScim(user);
			boolean enabled = user.path("accountEnabled").asBoolean(true);
			return this.transactions.execute((status) -> {
				this.records.learnObjectIds(kind, List.of(target.id()), List.of(objectId));
				if (!enabled) {
					boolean changed = this.records.setEntraState(kind, target.map().accountId(), target.id(),
							PulledRecords.EntraState.DISABLED, source);
					return finish(runId, target, "disabled", objectId, changed ? "deactivated" : "unchanged",
							changed ? 0 : 0, changed ? 1 : 0, 0, 0, "The user is disabled in Entra");
				}
				if (target.scimUserId() == null) {
					Membership membership = membership(credentials, target.map(), objectId);
					if (!membership.inSelectedGroup()) {
						boolean left = this.records.setEntraState(kind, target.map().accountId(), target.id(),
								PulledRecords.EntraState.LEFT_GROUPS, source);
						return finish(runId, target, "present", objectId, left ? "deactivated" : "unchanged", 0,
								left ? 1 : 0, 0, 0,
								"The user is no longer in any Entra group selected in the field map");
					}
					UUID level = membership.level();
					PulledRecords.ImportOutcome outcome = this.records.importUser(target.map(), document, objectId,
							level, source);
					boolean changed = outcome == PulledRecords.ImportOutcome.UPDATED;
					return finish(runId, target, "present", objectId, changed ? "updated" : "unchanged",
							changed ? 1 : 0, 0, 0, 0,
							changed ? "Refreshed from Microsoft Graph" : "Already up to date");
				}
				// Only what Graph deactivated is undone here; Entra's push deactivating a
				// user (unassigned) stands.
				boolean reactivated = !"active".equals(target.status()) && target.pushedActive()
						&& RecordCheck.STATES_FROM_GRAPH.contains(target.integrationStatus())
						&& this.records.setEntraState(kind, target.map().accountId(), target.id(),
								PulledRecords.EntraState.ENABLED, source);
				boolean refreshed = this.records.refreshFields(target.map(), target.id(), document, source);
				String outcome = reactivated ? "reactivated" : (refreshed ? "updated" : "unchanged");
				return finish(runId, target, "present", objectId, outcome, refreshed ? 1 : 0, 0, reactivated ? 1 : 0, 0,
						reactivated ? "Enabled in Entra again; reactivated"
								: (refreshed ? "Refreshed from Microsoft Graph" : "Already up to date"));
			});
		}
		JsonNode deleted = deleted(credentials, target);
		return this.transactions.execute((status) -> {
			if (deleted != null) {
				String objectId = deleted.path("id").asText();
				this.records.learnObjectIds(kind, List.of(target.id()), List.of(objectId));
				boolean changed = this.records.setEntraState(kind, target.map().accountId(), target.id(),
						PulledRecords.EntraState.DELETED, source);
				return finish(runId, target, "deleted", objectId, changed ? "deactivated" : "unchanged", 0,
						changed ? 1 : 0, 0, 0, "The user is in Entra's deleted items");
			}
			boolean changed = this.records.setEntraState(kind, target.map().accountId(), target.id(),
					PulledRecords.EntraState.GONE, source);
			return finish(runId, target, "gone", target.objectId(), changed ? "flagged" : "unchanged", 0, 0, 0,
					changed ? 1 : 0, "The user is neither in Entra nor in its deleted items: permanently deleted");
		});
	}

	private Result finish(UUID runId, Target target, String state, String objectId, String outcome, long updated,
			long deactivated, long reactivated, long flagged, String message) {
		this.runs.progress(runId, new ReconcileRun.Counts(1, 0, updated, deactivated, reactivated, flagged, 0), null);
		return new Result(runId, target.id(), target.table(), state, objectId, outcome, message);
	}

	/**
	 * By object ID when known, else by user principal name, else by the map's unique
	 * identifier.
	 */
	private JsonNode lookUp(GraphCredentials credentials, Target target, String selection) {
		for (String key : keys(target)) {
			try {
				return this.graph.get(credentials, "/users/" + encode(key) + "?" + selection);
			}
			catch (GraphException ex) {
				if (ex.status() != 404) {
					throw ex;
				}
				if (target.objectId() != null) {
					return null;
				}
			}
		}
		if (target.map().uniqueIdentifier() == app.provisioning.mapping.UniqueIdentifier.PRIMARY_EMAIL) {
			JsonNode found = this.graph.get(credentials, "/users?$filter="
					+ encode("mail eq '" + target.uniqueKey().replace("'", "''") + "'") + "&" + selection);
			if (found.path("value").size() == 1) {
				return found.path("value").get(0);
			}
		}
		return null;
	}

	private JsonNode deleted(GraphCredentials credentials, Target target) {
		String objectId = (target.objectId() != null) ? target.objectId() : null;
		if (objectId != null) {
			try {
				return this.graph.get(credentials, "/directory/deletedItems/" + encode(objectId));
			}
			catch (GraphException ex) {
				if (ex.status() != 404) {
					throw ex;
				}
				return null;
			}
		}
		String upn = (target.userName() != null) ? target.userName()
				: (target.map().uniqueIdentifier() == app.provisioning.mapping.UniqueIdentifier.USER_PRINCIPAL_NAME)
						? target.uniqueKey() : null;
		if (upn == null) {
			return null;
		}
		// Entra renames deleted users to <object ID without dashes><original name>;
		// deleted items are few
		// (kept 30 days), so reading them all is cheaper than an advanced query.
		JsonNode[] match = new JsonNode[1];
		this.graph.forEachPage(credentials, "/directory/deletedItems/microsoft.graph.user?$select=id,userPrincipalName,"
				+ "deletedDateTime&$top=" + this.graph.pageSize(), (page) -> {
					for (JsonNode user : page) {
						String original = UserScan.originalUpn(user.path("id").asText(),
								user.path("userPrincipalName").asText(""));
						if (match[0] == null && original.equalsIgnoreCase(upn)) {
							match[0] = user;
						}
					}
				});
		return match[0];
	}

	private static List<String> keys(Target target) {
		if (target.objectId() != null) {
			return List.of(target.objectId());
		}
		// A known object ID is the only key: a new user with a departed user's name is
		// somebody else.
		if (target.externalId() != null && target.externalId().matches("(?i)" + RecordCheck.GUID)) {
			return List.of(target.externalId());
		}
		if (target.map().uniqueIdentifier() == app.provisioning.mapping.UniqueIdentifier.OBJECT_ID
				&& target.uniqueKey().matches("(?i)" + RecordCheck.GUID)) {
			return List.of(target.uniqueKey());
		}
		java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
		if (target.userName() != null) {
			keys.add(target.userName());
		}
		switch (target.map().uniqueIdentifier()) {
			case USER_PRINCIPAL_NAME, OBJECT_ID -> keys.add(target.uniqueKey());
			case PRIMARY_EMAIL -> {
			}
		}
		return List.copyOf(keys);
	}

	/**
	 * Whether a group-imported user is still in one of the map's selected groups, and the
	 * best level they grant.
	 */
	private record Membership(boolean inSelectedGroup, UUID level) {
	}

	private Membership membership(GraphCredentials credentials, FieldMap map, String objectId) {
		List<GroupSelections.Selected> selected = this.selections.ofMap(map.accountId(), map.id());
		if (selected.isEmpty()) {
			return new Membership(false, null);
		}
		java.util.Set<String> memberOf = new java.util.HashSet<>();
		this.graph.forEachPage(credentials,
				"/users/" + objectId + "/transitiveMemberOf/microsoft.graph.group?$select=id&$top=999&$count=true",
				(page) -> page
					.forEach((group) -> memberOf.add(group.path("id").asText().toLowerCase(java.util.Locale.ROOT))));
		List<GroupSelections.Selected> mine = selected.stream()
			.filter((group) -> memberOf.contains(group.groupId()))
			.toList();
		UUID level = (map.target() != FieldMap.Target.USER_CONFIGURATION) ? null
				: mine.stream()
					.filter((group) -> group.permissionLevelId() != null)
					.max(java.util.Comparator.comparing(GroupSelections.Selected::levelRank))
					.map(GroupSelections.Selected::permissionLevelId)
					.orElse(null);
		return new Membership(!mine.isEmpty(), level);
	}

	private Target find(UUID accountId, UUID recordId) {
		for (FieldMap.Target kind : FieldMap.Target.values()) {
			List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT r.id, r.field_map_id, r.unique_key,"
					+ " r.entra_object_id, r.scim_user_id, r.status, r.integration_status, s.user_name, s.external_id,"
					+ " coalesce(s.enabled, false) AS pushed_active FROM " + RecordViews.view(kind) + " r"
					+ " LEFT JOIN published_scim_user s ON s.id = r.scim_user_id AND s.account_id = r.account_id"
					+ " WHERE r.account_id = ? AND r.id = ?", accountId, recordId);
			if (!rows.isEmpty()) {
				Map<String, Object> row = rows.get(0);
				FieldMap map = this.maps.get(accountId, (UUID) row.get("field_map_id"));
				return new Target(recordId, RecordViews.label(kind), map, (String) row.get("unique_key"),
						(String) row.get("entra_object_id"), (UUID) row.get("scim_user_id"),
						(String) row.get("user_name"), (String) row.get("external_id"),
						Boolean.TRUE.equals(row.get("pushed_active")), (String) row.get("status"),
						(String) row.get("integration_status"));
			}
		}
		throw Refusal.notFound("Record " + recordId + " (a People record or login user) of account " + accountId);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
