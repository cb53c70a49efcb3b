package app.provisioning.mapping;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows a field map writes: People records ({@code person}) or login users
 * ({@code login_user}). Both have the same shape here; the people and logins features add
 * what is theirs (assets, permission levels) on top.
 */
final class RecordTable {

	/** Integration status values the server owns (never mapped). */
	static final String PROVISIONED = "provisioned";

	static final String UPDATED = "updated";

	static final String DEACTIVATED_BY_ENTRA = "deactivated_by_entra";

	static final String DELETED_IN_ENTRA = "deleted_in_entra";

	static final String MAPPING_ERROR = "mapping_error";

	/**
	 * Set by the Graph reconciliation for users Entra deleted for good (not in users, not
	 * in deleted items).
	 */
	static final String GONE_FROM_ENTRA = "gone_from_entra";

	/**
	 * Set by the Graph reconciliation: Graph shows the user with accountEnabled=false.
	 */
	static final String DISABLED_IN_ENTRA = "disabled_in_entra";

	/** Created by a group import (the user came from Graph, not from Entra's push). */
	static final String IMPORTED = "imported";

	/**
	 * A group-imported user who is no longer a member of any group selected in the map.
	 */
	static final String LEFT_SELECTED_GROUPS = "left_selected_groups";

	private static final ObjectMapper MAPPER = JsonUtils.createObjectMapper();

	private final String table;

	private final String inactiveStatus;

	private final JdbcTemplate jdbc;

	private RecordTable(String table, String inactiveStatus, JdbcTemplate jdbc) {
		this.table = table;
		this.inactiveStatus = inactiveStatus;
		this.jdbc = jdbc;
	}

	static RecordTable of(FieldMap.Target target, JdbcTemplate jdbc) {
		return (target == FieldMap.Target.PEOPLE) ? new RecordTable("person", "inactive", jdbc)
				: new RecordTable("login_user", "deactivated", jdbc);
	}

	String name() {
		return this.table;
	}

	String status(boolean active) {
		return active ? "active" : this.inactiveStatus;
	}

	/**
	 * @param held a deactivation of this record waits for an administrator (the
	 * deactivation brake held it)
	 */
	record Row(UUID id, String uniqueKey, UUID scimUserId, ObjectNode fields, String status, String integrationStatus,
			String entraObjectId, boolean held) {

		boolean active() {
			return "active".equals(this.status);
		}

	}

	private static final String BY_UNIQUE_KEY = "lower(unique_key) = lower(?)";

	private static final String BY_SCIM_USER = "scim_user_id = ?";

	private static final String BY_OBJECT_ID = "entra_object_id = ?";

	/** The three keys a record is looked up by, each with an index of its own (V18). */
	static final List<String> KEYS = List.of(BY_UNIQUE_KEY, BY_SCIM_USER, BY_OBJECT_ID);

	Optional<Row> byScimUser(UUID accountId, UUID mapId, UUID scimUserId) {
		return first(BY_SCIM_USER, accountId, mapId, scimUserId);
	}

	Optional<Row> byKey(UUID accountId, UUID mapId, String key) {
		return first(BY_UNIQUE_KEY, accountId, mapId, key);
	}

	Optional<Row> byObjectId(UUID accountId, UUID mapId, String objectId) {
		return first(BY_OBJECT_ID, accountId, mapId, objectId);
	}

	/**
	 * The statement that reads and locks a record of {@code table} by one of
	 * {@link #KEYS}; its parameters are the key's value, the account and the field map.
	 * The account and map are checked on the rows the key finds, never used to find them:
	 * an index that leads with account_id looks as cheap as the key's own whenever the
	 * statistics do not know the account yet, and reads the whole account (migration
	 * V18).
	 */
	static String lookup(String table, String key) {
		return "SELECT * FROM " + table + " WHERE " + key + " AND (account_id = ? AND field_map_id = ?) IS TRUE"
				+ " FOR UPDATE";
	}

	Optional<Row> byId(UUID accountId, UUID id) {
		List<Row> rows = this.jdbc.query("SELECT * FROM " + this.table + " WHERE account_id = ? AND id = ? FOR UPDATE",
				this::row, accountId, id);
		return rows.stream().findFirst();
	}

	/**
	 * Remembers that a record came from a group import, and its user's Entra object ID.
	 */
	void markPulled(UUID id, String objectId) {
		this.jdbc.update("UPDATE " + this.table + " SET origin = 'graph', entra_object_id = ? WHERE id = ?", objectId,
				id);
	}

	/**
	 * Records the Entra object ID of many records at once (learned by matching them with
	 * Graph).
	 */
	void learnObjectIds(List<UUID> ids, List<String> objectIds) {
		this.jdbc.update(
				"UPDATE " + this.table + " r SET entra_object_id = l.object_id"
						+ " FROM unnest(cast(? AS uuid[]), cast(? AS text[])) AS l(id, object_id)"
						+ " WHERE r.id = l.id AND r.entra_object_id IS NULL",
				ids.toArray(UUID[]::new), objectIds.toArray(String[]::new));
	}

	void updateFields(UUID id, FieldMap map, ObjectNode fields, String reason, Instant now) {
		Manager manager = Manager.of(map, fields);
		this.jdbc.update("UPDATE " + this.table + " SET fields = cast(? AS jsonb), manager_field = ?, manager_ref = ?,"
				+ " integration_status = ?, integration_reason = ?, integration_at = ?, updated_at = ? WHERE id = ?",
				fields.toString(), manager.field(), manager.ref(), UPDATED, reason, time(now), time(now), id);
	}

	private Optional<Row> first(String condition, UUID accountId, UUID mapId, Object value) {
		List<Row> rows = this.jdbc.query(lookup(this.table, condition), this::row, value, accountId, mapId);
		return rows.stream().findFirst();
	}

	void insert(UUID id, UUID accountId, FieldMap map, String key, UUID scimUserId, ObjectNode fields, String status,
			String integration, String reason, Instant now) {
		boolean people = this.table.equals("person");
		Manager manager = Manager.of(map, fields);
		this.jdbc.update(
				"INSERT INTO " + this.table + " (id, account_id, field_map_id, unique_key, scim_user_id, fields,"
						+ " manager_field, manager_ref," + (people ? " organisational_unit, user_role," : "")
						+ " status, integration_status, integration_reason, integration_at, created_at, updated_at)"
						+ " VALUES (?, ?, ?, ?, ?, cast(? AS jsonb), ?, ?, " + (people ? "?, ?, " : "")
						+ "?, ?, ?, ?, ?, ?)",
				people ? new Object[] { id, accountId, map.id(), key, scimUserId, fields.toString(), manager.field(),
						manager.ref(), map.organisationalUnit(), map.userRole(), status, integration, reason, time(now),
						time(now), time(now) }
						: new Object[] { id, accountId, map.id(), key, scimUserId, fields.toString(), manager.field(),
								manager.ref(), status, integration, reason, time(now), time(now), time(now) });
		DeactivationBrake.created(id);
		rememberEntraState(id, status);
	}

	void update(UUID id, FieldMap map, String key, UUID scimUserId, ObjectNode fields, String status,
			String integration, String reason, Instant now) {
		Manager manager = Manager.of(map, fields);
		this.jdbc.update("UPDATE " + this.table + " SET unique_key = ?, scim_user_id = ?, fields = cast(? AS jsonb),"
				+ " manager_field = ?, manager_ref = ?, status = ?, integration_status = ?, integration_reason = ?,"
				+ " integration_at = ?, updated_at = ? WHERE id = ?", key, scimUserId, fields.toString(),
				manager.field(), manager.ref(), status, integration, reason, time(now), time(now), id);
		rememberEntraState(id, status);
	}

	/**
	 * Writes what changed except the status, which the deactivation brake holds: the
	 * record keeps its status and integration status until an administrator decides. A
	 * login user still learns that Entra disabled its user.
	 */
	void updateHeld(Row row, FieldMap map, String key, UUID scimUserId, ObjectNode fields, String reason, Instant now) {
		update(row.id(), map, key, scimUserId, fields, row.status(), row.integrationStatus(), reason, now);
		rememberEntraState(row.id(), this.inactiveStatus);
	}

	/**
	 * Login users keep Entra's enabled flag apart from their status, which groups also
	 * decide.
	 */
	private void rememberEntraState(UUID id, String status) {
		if (this.table.equals("login_user")) {
			this.jdbc.update("UPDATE login_user SET entra_active = ? WHERE id = ?", "active".equals(status), id);
		}
	}

	void markIntegration(UUID id, String status, String integration, String reason, Instant now) {
		if (status != null) {
			rememberEntraState(id, status);
		}
		this.jdbc.update(
				"UPDATE " + this.table + " SET status = coalesce(?, status), integration_status = ?,"
						+ " integration_reason = ?, integration_at = ?, updated_at = ? WHERE id = ?",
				status, integration, reason, time(now), time(now), id);
	}

	/**
	 * The field a map fills from the user's manager, and the manager reference it holds
	 * (a SCIM id when pushed, an Entra object ID when pulled). The database resolves the
	 * reference to the manager's record, now or when that record arrives.
	 */
	private record Manager(String field, String ref) {

		static Manager of(FieldMap map, ObjectNode fields) {
			for (FieldMapping mapping : map.fields()) {
				if (mapping.source() == EntraAttribute.MANAGER) {
					String ref = fields.path(mapping.field()).asText(null);
					return new Manager(mapping.field(), (ref == null || ref.isBlank()) ? null : ref);
				}
			}
			return new Manager(null, null);
		}

	}

	private Row row(ResultSet rs, int n) throws SQLException {
		try {
			return new Row(rs.getObject("id", UUID.class), rs.getString("unique_key"),
					rs.getObject("scim_user_id", UUID.class), (ObjectNode) MAPPER.readTree(rs.getString("fields")),
					rs.getString("status"), rs.getString("integration_status"), rs.getString("entra_object_id"),
					rs.getBoolean("deactivation_held"));
		}
		catch (JsonProcessingException ex) {
			throw new SQLException("Stored record fields are not JSON", ex);
		}
	}

	private static OffsetDateTime time(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
