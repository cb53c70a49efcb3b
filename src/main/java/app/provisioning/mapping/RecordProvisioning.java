package app.provisioning.mapping;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

import app.provisioning.directory.ScimUserChanged;
import app.provisioning.synclog.SyncLog;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns provisioned users into People records and login users through every field map of
 * the account, in the transaction of the SCIM change. A mapping problem (blank or
 * colliding identifier) is recorded on the Integration Status and in the sync log; it
 * never fails the SCIM request, because Entra would quarantine the job for a problem on
 * our side.
 */
@Component
class RecordProvisioning {

	private final FieldMapCache maps;

	private final JdbcTemplate jdbc;

	private final SyncLog syncLog;

	private final LoginPermissions permissions;

	private final DeactivationBrake brake;

	private final Clock clock;

	RecordProvisioning(FieldMapCache maps, JdbcTemplate jdbc, SyncLog syncLog, LoginPermissions permissions,
			DeactivationBrake brake, Clock clock) {
		this.maps = maps;
		this.jdbc = jdbc;
		this.syncLog = syncLog;
		this.permissions = permissions;
		this.brake = brake;
		this.clock = clock;
	}

	@EventListener
	void on(ScimUserChanged change) {
		boolean logins = false;
		for (FieldMap map : this.maps.of(change.accountId())) {
			apply(map, change);
			logins |= map.target() == FieldMap.Target.USER_CONFIGURATION;
		}
		if (logins && change.change() != ScimUserChanged.Change.DELETED) {
			this.permissions.recompute(change.accountId(), java.util.List.of(change.scimUserId()),
					"scim:" + change.scimUserId());
		}
	}

	private void apply(FieldMap map, ScimUserChanged change) {
		apply(map, change, "scim:" + change.scimUserId());
	}

	/**
	 * Applies one map to one user; the outcome is in the sync log under {@code source}.
	 * Returns false on a mapping error.
	 */
	boolean apply(FieldMap map, ScimUserChanged change, String source) {
		RecordTable table = RecordTable.of(map.target(), this.jdbc);
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		// A user just created has an id no record can hold yet: one statement less per
		// POST.
		Optional<RecordTable.Row> linked = (change.change() == ScimUserChanged.Change.CREATED) ? Optional.empty()
				: table.byScimUser(change.accountId(), map.id(), change.scimUserId());
		if (change.change() == ScimUserChanged.Change.DELETED) {
			linked.ifPresent((row) -> {
				String deleted = "Deleted in Entra (SCIM DELETE); the record is kept";
				if (row.active() && !this.brake.admit(new DeactivationBrake.Deactivation(change.accountId(),
						table.name(), row.id(), source, cause(source, map, "Entra deleted the user (SCIM DELETE)"),
						table.status(false), RecordTable.DELETED_IN_ENTRA, deleted, false), row.held())) {
					return;
				}
				table.markIntegration(row.id(), table.status(false), RecordTable.DELETED_IN_ENTRA, deleted, now);
				log(source, change, map, table, "delete", row.id(), SyncLog.Outcome.APPLIED, "deleted in Entra",
						statusChange(row.status(), table.status(false)));
			});
			return true;
		}
		MappedRecord record = FieldMapper.map(change.attributes(), map.fields(), map.uniqueIdentifier());
		if (record.uniqueIdentifier() == null) {
			mappingError(source, change, map, table, linked, String.join("; ", record.problems()), now);
			return false;
		}
		Optional<RecordTable.Row> owner = table.byKey(change.accountId(), map.id(), record.uniqueIdentifier());
		if (owner.isPresent() && owner.get().scimUserId() != null
				&& !owner.get().scimUserId().equals(change.scimUserId())
				&& (linked.isEmpty() || !linked.get().id().equals(owner.get().id()))) {
			mappingError(source, change, map, table, linked, "The unique identifier '" + record.uniqueIdentifier()
					+ "' already belongs to the record of SCIM user " + owner.get().scimUserId(), now);
			return false;
		}
		boolean active = change.attributes().path("active").asBoolean(true);
		ObjectNode fields = JsonUtils.valueToNode(record.fields());
		String reason = record.problems().isEmpty() ? null : String.join("; ", record.problems());
		Optional<RecordTable.Row> target = linked.or(() -> owner);
		if (target.isEmpty()) {
			UUID id = UUID.randomUUID();
			String integration = active ? RecordTable.PROVISIONED : RecordTable.DEACTIVATED_BY_ENTRA;
			table.insert(id, change.accountId(), map, record.uniqueIdentifier(), change.scimUserId(), fields,
					table.status(active), integration, reason, now);
			log(source, change, map, table, "create", id, SyncLog.Outcome.APPLIED, reason,
					diff(JsonNodeFactory.instance.objectNode(), fields, null, table.status(active)));
			return true;
		}
		RecordTable.Row row = target.get();
		if (!active && row.active()
				&& !this.brake.admit(new DeactivationBrake.Deactivation(change.accountId(), table.name(), row.id(),
						source, cause(source, map, "Entra sent active=false"), table.status(false),
						RecordTable.DEACTIVATED_BY_ENTRA, reason, false), row.held())) {
			table.updateHeld(row, map, record.uniqueIdentifier(), change.scimUserId(), fields, reason, now);
			ObjectNode changes = diff(row.fields(), fields, null, null);
			if (!changes.isEmpty()) {
				log(source, change, map, table, "update", row.id(), SyncLog.Outcome.APPLIED, reason, changes);
			}
			return true;
		}
		if (active && row.held()) {
			this.brake.reversed(change.accountId(), table.name(), row.id(), source);
		}
		String integration = active ? RecordTable.UPDATED : RecordTable.DEACTIVATED_BY_ENTRA;
		table.update(row.id(), map, record.uniqueIdentifier(), change.scimUserId(), fields, table.status(active),
				integration, reason, now);
		String operation = !active && "active".equals(row.status()) ? "deactivate"
				: (active && !"active".equals(row.status()) ? "reactivate" : "update");
		ObjectNode changes = diff(row.fields(), fields, row.status(), table.status(active));
		log(source, change, map, table, operation, row.id(),
				changes.isEmpty() ? SyncLog.Outcome.SKIPPED : SyncLog.Outcome.APPLIED,
				changes.isEmpty() ? "no field changed" : reason, changes);
		return true;
	}

	private static String cause(String source, FieldMap map, String entraCause) {
		return source.startsWith("reapply:") ? "re-applying field map '" + map.name() + "'" : entraCause;
	}

	private void mappingError(String source, ScimUserChanged change, FieldMap map, RecordTable table,
			Optional<RecordTable.Row> linked, String reason, Instant now) {
		linked.ifPresent((row) -> table.markIntegration(row.id(), null, RecordTable.MAPPING_ERROR, reason, now));
		log(source, change, map, table, "map", linked.map(RecordTable.Row::id).orElse(null), SyncLog.Outcome.ERROR,
				reason, JsonNodeFactory.instance.objectNode());
	}

	private void log(String source, ScimUserChanged change, FieldMap map, RecordTable table, String operation,
			UUID recordId, SyncLog.Outcome outcome, String reason, ObjectNode changes) {
		ObjectNode details = changes.deepCopy();
		this.syncLog.append(new SyncLog.Entry(change.accountId(), source, operation, table.name(),
				(recordId != null) ? recordId.toString() : null, outcome,
				(reason != null) ? reason : "field map '" + map.name() + "'", details));
	}

	/** field → {old, new} for every field that changed, status included. */
	static ObjectNode diff(ObjectNode before, ObjectNode after, String oldStatus, String newStatus) {
		ObjectNode changes = JsonNodeFactory.instance.objectNode();
		var names = new java.util.LinkedHashSet<String>();
		before.fieldNames().forEachRemaining(names::add);
		after.fieldNames().forEachRemaining(names::add);
		for (String name : names) {
			JsonNode old = before.get(name);
			JsonNode now = after.get(name);
			if (!Objects.equals(normal(old), normal(now))) {
				ObjectNode change = changes.putObject(name);
				change.set("old", normal(old));
				change.set("new", normal(now));
			}
		}
		if (!Objects.equals(oldStatus, newStatus)) {
			ObjectNode status = changes.putObject("status");
			status.put("old", oldStatus);
			status.put("new", newStatus);
		}
		return changes;
	}

	static ObjectNode statusChange(String oldStatus, String newStatus) {
		return diff(JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), oldStatus, newStatus);
	}

	private static JsonNode normal(JsonNode node) {
		return (node == null || node.isNull()) ? JsonNodeFactory.instance.nullNode() : node;
	}

}
