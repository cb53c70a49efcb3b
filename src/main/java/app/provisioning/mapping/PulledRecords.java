package app.provisioning.mapping;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

import app.provisioning.synclog.SyncLog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the Graph pull does to records, through the same field maps and unique identifiers
 * as Entra's push: imports members of selected groups, and records what Graph says about
 * a user's state (disabled, deleted, gone for good, back). Each call runs in the caller's
 * transaction and writes its sync-log entry there.
 */
@Component
public class PulledRecords {

	/** What Graph says about the user of a record. */
	public enum EntraState {

		/** Present with accountEnabled=false. */
		DISABLED(RecordTable.DISABLED_IN_ENTRA, "Disabled in Entra (accountEnabled=false in Microsoft Graph)"),

		/** In Entra's deleted items (soft-deleted; restorable for 30 days). */
		DELETED(RecordTable.DELETED_IN_ENTRA, "Deleted in Entra (found in Microsoft Graph's deleted items)"),

		/**
		 * Neither a user nor in deleted items: permanently deleted, nothing more can be
		 * learned.
		 */
		GONE(RecordTable.GONE_FROM_ENTRA,
				"Gone from Entra: neither a user nor in deleted items in Microsoft Graph (permanently deleted)"),

		/** A group-imported user no longer in any group selected in the map. */
		LEFT_GROUPS(RecordTable.LEFT_SELECTED_GROUPS,
				"No longer a member of any Entra group selected in the field map"),

		/** Present and enabled again after one of the states above. */
		ENABLED(RecordTable.UPDATED, "Enabled in Entra again (Microsoft Graph)");

		private final String integrationStatus;

		private final String reason;

		EntraState(String integrationStatus, String reason) {
			this.integrationStatus = integrationStatus;
			this.reason = reason;
		}

		/** Why the record shows this state, as its integration reason says it. */
		public String reason() {
			return this.reason;
		}

	}

	/** What an import did to one user's record. */
	public enum ImportOutcome {

		CREATED, UPDATED, UNCHANGED, PUSHED, ERROR

	}

	private final JdbcTemplate jdbc;

	private final SyncLog syncLog;

	private final LoginPermissions permissions;

	private final DeactivationBrake brake;

	private final Clock clock;

	PulledRecords(JdbcTemplate jdbc, SyncLog syncLog, LoginPermissions permissions, DeactivationBrake brake,
			Clock clock) {
		this.jdbc = jdbc;
		this.syncLog = syncLog;
		this.permissions = permissions;
		this.brake = brake;
		this.clock = clock;
	}

	/**
	 * Creates or updates the record of a group member read from Graph. A record Entra's
	 * push keeps (linked to a SCIM user) is left to the push, apart from learning the
	 * object ID: the same person is one record, found by object ID or else by the map's
	 * unique identifier. {@code levelId} is the permission level the member's selected
	 * groups grant (login maps).
	 */
	public ImportOutcome importUser(FieldMap map, ObjectNode document, String objectId, UUID levelId, String source) {
		RecordTable table = RecordTable.of(map.target(), this.jdbc);
		Instant now = now();
		MappedRecord record = FieldMapper.map(document, map.fields(), map.uniqueIdentifier());
		Optional<RecordTable.Row> existing = table.byObjectId(map.accountId(), map.id(), objectId);
		if (existing.isEmpty() && record.uniqueIdentifier() != null) {
			existing = table.byKey(map.accountId(), map.id(), record.uniqueIdentifier());
		}
		if (record.uniqueIdentifier() == null) {
			log(map, table, source, "import", existing.map(RecordTable.Row::id).orElse(null), SyncLog.Outcome.ERROR,
					String.join("; ", record.problems()) + " (Entra user " + objectId + ")", empty());
			return ImportOutcome.ERROR;
		}
		if (existing.isPresent() && existing.get().scimUserId() != null) {
			if (existing.get().entraObjectId() == null) {
				table.learnObjectIds(List.of(existing.get().id()), List.of(objectId));
			}
			return ImportOutcome.PUSHED;
		}
		if (existing.isPresent() && existing.get().entraObjectId() != null
				&& !existing.get().entraObjectId().equals(objectId)) {
			log(map, table, source, "import", existing.get().id(), SyncLog.Outcome.ERROR,
					"The unique identifier '" + record.uniqueIdentifier()
							+ "' already belongs to the record of Entra user " + existing.get().entraObjectId()
							+ ", not " + objectId,
					empty());
			return ImportOutcome.ERROR;
		}
		boolean active = document.path("active").asBoolean(true);
		ObjectNode fields = JsonUtils.valueToNode(record.fields());
		String reason = record.problems().isEmpty() ? null : String.join("; ", record.problems());
		String integration = active ? RecordTable.IMPORTED : RecordTable.DISABLED_IN_ENTRA;
		if (existing.isEmpty()) {
			UUID id = UUID.randomUUID();
			table.insert(id, map.accountId(), map, record.uniqueIdentifier(), null, fields, table.status(active),
					integration, reason, now);
			table.markPulled(id, objectId);
			ObjectNode changes = RecordProvisioning.diff(empty(), fields, null, table.status(active));
			changes.setAll(setLevel(table, id, null, levelId));
			log(map, table, source, "import", id, SyncLog.Outcome.APPLIED, reason, changes);
			return ImportOutcome.CREATED;
		}
		RecordTable.Row row = existing.get();
		if (!active && row.active()
				&& !this.brake.admit(new DeactivationBrake.Deactivation(map.accountId(), table.name(), row.id(), source,
						EntraState.DISABLED.reason, table.status(false), RecordTable.DISABLED_IN_ENTRA,
						EntraState.DISABLED.reason, false), row.held())) {
			table.updateHeld(row, map, record.uniqueIdentifier(), null, fields, reason, now);
			table.markPulled(row.id(), objectId);
			ObjectNode changes = RecordProvisioning.diff(row.fields(), fields, null, null);
			if (!changes.isEmpty()) {
				log(map, table, source, "update", row.id(), SyncLog.Outcome.APPLIED, reason, changes);
			}
			return changes.isEmpty() ? ImportOutcome.UNCHANGED : ImportOutcome.UPDATED;
		}
		if (active && row.held()) {
			this.brake.reversed(map.accountId(), table.name(), row.id(), source);
		}
		if (!active) {
			integration = RecordTable.DISABLED_IN_ENTRA;
		}
		else if (RecordTable.IMPORTED.equals(row.integrationStatus()) && "active".equals(row.status())) {
			integration = RecordTable.IMPORTED;
		}
		else {
			integration = RecordTable.UPDATED;
		}
		ObjectNode changes = RecordProvisioning.diff(row.fields(), fields, row.status(), table.status(active));
		changes.setAll(setLevel(table, row.id(), currentLevel(table, row.id()), levelId));
		if (changes.isEmpty() && Objects.equals(row.integrationStatus(), integration)) {
			if (row.entraObjectId() == null) {
				table.markPulled(row.id(), objectId);
			}
			return ImportOutcome.UNCHANGED;
		}
		table.update(row.id(), map, record.uniqueIdentifier(), null, fields, table.status(active), integration, reason,
				now);
		table.markPulled(row.id(), objectId);
		String operation = !active && "active".equals(row.status()) ? "deactivate"
				: (active && !"active".equals(row.status()) ? "reactivate" : "update");
		log(map, table, source, operation, row.id(), SyncLog.Outcome.APPLIED,
				!active ? EntraState.DISABLED.reason : reason, changes);
		return ImportOutcome.UPDATED;
	}

	/**
	 * Applies what Graph says about a record's user. Returns false when the record
	 * already shows it, or when the deactivation brake held the deactivation for an
	 * administrator (the record's state is unchanged).
	 */
	public boolean setEntraState(FieldMap.Target target, UUID accountId, UUID recordId, EntraState state,
			String source) {
		RecordTable table = RecordTable.of(target, this.jdbc);
		Optional<RecordTable.Row> found = table.byId(accountId, recordId);
		if (found.isEmpty()) {
			return false;
		}
		RecordTable.Row row = found.get();
		boolean active = state == EntraState.ENABLED;
		String status = table.status(active);
		if (!active && row.active() && !this.brake.admit(new DeactivationBrake.Deactivation(accountId, table.name(),
				row.id(), source, state.reason, status, state.integrationStatus, state.reason, false), row.held())) {
			// Held for an administrator: nothing was applied to the record's state.
			return false;
		}
		if (active && row.held()) {
			this.brake.reversed(accountId, table.name(), row.id(), source);
		}
		if (status.equals(row.status()) && state.integrationStatus.equals(row.integrationStatus())) {
			return false;
		}
		table.markIntegration(row.id(), status, state.integrationStatus, active ? null : state.reason, now());
		log(accountId, table, source, active ? "reactivate" : "deactivate", row.id(), SyncLog.Outcome.APPLIED,
				state.reason, RecordProvisioning.statusChange(row.status(), status));
		if (active && target == FieldMap.Target.USER_CONFIGURATION && row.scimUserId() != null) {
			// Entra's groups still decide whether the login may be active.
			this.permissions.recompute(accountId, List.of(row.scimUserId()), source);
		}
		return true;
	}

	/**
	 * Refreshes the mapped fields of a record from its user as Graph shows it now; the
	 * state is left alone.
	 */
	public boolean refreshFields(FieldMap map, UUID recordId, ObjectNode document, String source) {
		RecordTable table = RecordTable.of(map.target(), this.jdbc);
		Optional<RecordTable.Row> found = table.byId(map.accountId(), recordId);
		if (found.isEmpty()) {
			return false;
		}
		MappedRecord record = FieldMapper.map(document, map.fields(), map.uniqueIdentifier());
		ObjectNode fields = JsonUtils.valueToNode(record.fields());
		ObjectNode changes = RecordProvisioning.diff(found.get().fields(), fields, null, null);
		if (changes.isEmpty()) {
			return false;
		}
		String reason = record.problems().isEmpty() ? null : String.join("; ", record.problems());
		table.updateFields(recordId, map, fields, reason, now());
		log(map, table, source, "refresh", recordId, SyncLog.Outcome.APPLIED,
				(reason != null) ? reason : "fields refreshed from Microsoft Graph", changes);
		return true;
	}

	/**
	 * Remembers the Entra object IDs that matching records with Graph taught, in one
	 * statement.
	 */
	public void learnObjectIds(FieldMap.Target target, List<UUID> recordIds, List<String> objectIds) {
		if (!recordIds.isEmpty()) {
			RecordTable.of(target, this.jdbc).learnObjectIds(recordIds, objectIds);
		}
	}

	private ObjectNode setLevel(RecordTable table, UUID id, UUID oldLevel, UUID newLevel) {
		ObjectNode changes = empty();
		if (!table.name().equals("login_user") || Objects.equals(oldLevel, newLevel)) {
			return changes;
		}
		this.jdbc.update("UPDATE login_user SET permission_level_id = ? WHERE id = ?", newLevel, id);
		String name = (newLevel != null) ? this.jdbc
			.queryForObject("SELECT name FROM published_permission_level WHERE id = ?", String.class, newLevel) : null;
		changes.putObject("permissionLevel")
			.put("old", (oldLevel != null) ? oldLevel.toString() : null)
			.put("new", name);
		return changes;
	}

	private UUID currentLevel(RecordTable table, UUID id) {
		if (!table.name().equals("login_user")) {
			return null;
		}
		return this.jdbc.queryForObject("SELECT permission_level_id FROM login_user WHERE id = ?", UUID.class, id);
	}

	private void log(FieldMap map, RecordTable table, String source, String operation, UUID recordId,
			SyncLog.Outcome outcome, String reason, ObjectNode changes) {
		log(map.accountId(), table, source, operation, recordId, outcome,
				(reason != null) ? reason : "field map '" + map.name() + "'", changes);
	}

	private void log(UUID accountId, RecordTable table, String source, String operation, UUID recordId,
			SyncLog.Outcome outcome, String reason, ObjectNode changes) {
		this.syncLog.append(new SyncLog.Entry(accountId, source, operation, table.name(),
				(recordId != null) ? recordId.toString() : null, outcome, reason, changes));
	}

	private static ObjectNode empty() {
		return JsonNodeFactory.instance.objectNode();
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
