package app.provisioning.mapping;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads an account's People records and login users for the asset application: a page at
 * a time in id order, so a record written while a client pages is neither repeated nor
 * makes another one skipped.
 */
@Service
public class Records {

	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 1000;

	static final List<String> INTEGRATION_STATUSES = List.of(RecordTable.PROVISIONED, RecordTable.UPDATED,
			RecordTable.DEACTIVATED_BY_ENTRA, RecordTable.DELETED_IN_ENTRA, RecordTable.MAPPING_ERROR,
			RecordTable.GONE_FROM_ENTRA, RecordTable.DISABLED_IN_ENTRA, RecordTable.IMPORTED,
			RecordTable.LEFT_SELECTED_GROUPS);

	/** Which records: People, or login users (User Configuration). */
	public enum Kind {

		PEOPLE("person", "people", "inactive", FieldMap.Target.PEOPLE, "People"),
		LOGIN_USERS("login_user", "login-users", "deactivated", FieldMap.Target.USER_CONFIGURATION, "Login user");

		private final String table;

		private final String collection;

		private final String inactive;

		private final FieldMap.Target target;

		private final String label;

		Kind(String table, String collection, String inactive, FieldMap.Target target, String label) {
			this.table = table;
			this.collection = collection;
			this.inactive = inactive;
			this.target = target;
			this.label = label;
		}

		public String collection() {
			return this.collection;
		}

		String table() {
			return this.table;
		}

		/** "People" or "Login user", as the pages name the kind. */
		String label() {
			return this.label;
		}

		public String href(UUID accountId, UUID id) {
			return "/api/accounts/" + accountId + "/" + this.collection + "/" + id;
		}

	}

	/**
	 * What to list; every value optional and as the caller typed it. {@code changedSince}
	 * is an instant or a date, {@code permissionLevel} a level's id or name,
	 * {@code fieldMap} a map id.
	 */
	public record Filter(String status, String integrationStatus, String permissionLevel, String source,
			String changedSince, String uniqueIdentifier, String fieldMap) {

		public static Filter none() {
			return new Filter(null, null, null, null, null, null, null);
		}

	}

	/** {@code nextCursor} is null on the last page. */
	public record Page(List<ProvisionedRecord> records, String nextCursor) {
	}

	private final JdbcTemplate jdbc;

	private final AccountService accounts;

	Records(JdbcTemplate jdbc, AccountService accounts) {
		this.jdbc = jdbc;
		this.accounts = accounts;
	}

	@Transactional(readOnly = true)
	public Page list(UUID accountId, Kind kind, Filter filter, String cursor, Integer limit) {
		this.accounts.get(accountId);
		int size = (limit == null) ? DEFAULT_LIMIT : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw Refusal.invalid("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		Sql sql = where(accountId, kind, filter);
		if (cursor != null && !cursor.isBlank()) {
			sql.condition("r.id > ?", decode(cursor));
		}
		sql.args.add(size + 1);
		List<ProvisionedRecord> records = this.jdbc.query(
				select(kind) + " WHERE " + String.join(" AND ", sql.conditions) + " ORDER BY r.id LIMIT ?",
				(rs, n) -> record(rs, kind), sql.args.toArray());
		String next = null;
		if (records.size() > size) {
			records = records.subList(0, size);
			next = encode(records.get(size - 1).id());
		}
		return new Page(List.copyOf(records), next);
	}

	/** How many People records and login users of the account changed since a time. */
	@Transactional(readOnly = true)
	public long changedSince(UUID accountId, Instant since) {
		OffsetDateTime from = OffsetDateTime.ofInstant(since, ZoneOffset.UTC);
		return this.jdbc.queryForObject(
				"SELECT (SELECT count(*) FROM person WHERE account_id = ? AND updated_at >= ?)"
						+ " + (SELECT count(*) FROM login_user WHERE account_id = ? AND updated_at >= ?)",
				Long.class, accountId, from, accountId, from);
	}

	@Transactional(readOnly = true)
	public Optional<ProvisionedRecord> get(UUID accountId, Kind kind, UUID id) {
		this.accounts.get(accountId);
		return this.jdbc
			.query(select(kind) + " WHERE r.account_id = ? AND r.id = ?", (rs, n) -> record(rs, kind), accountId, id)
			.stream()
			.findFirst();
	}

	/**
	 * The record with this unique identifier (case-insensitive). Unique per field map
	 * only: when records of several maps have it, 409 names the maps unless
	 * {@code fieldMap} picks one.
	 */
	@Transactional(readOnly = true)
	public ProvisionedRecord byUniqueIdentifier(UUID accountId, Kind kind, String value, String fieldMap) {
		if (value == null || value.isBlank()) {
			// No identifier is blank, and without one the filter below would match every
			// record.
			throw Refusal.notFound("Record with a blank unique identifier");
		}
		Page page = list(accountId, kind, new Filter(null, null, null, null, null, value, fieldMap), null, MAX_LIMIT);
		if (page.records().isEmpty()) {
			throw Refusal.notFound("Record with unique identifier '" + value + "'");
		}
		if (page.records().size() > 1) {
			List<String> maps = page.records()
				.stream()
				.map((r) -> "'" + r.fieldMap().name() + "' (" + r.fieldMap().id() + ")")
				.distinct()
				.toList();
			throw Refusal.conflict("Unique identifier '" + value + "' has records in the field maps "
					+ String.join(", ", maps) + "; pick one with ?fieldMap=");
		}
		return page.records().get(0);
	}

	private static String select(Kind kind) {
		boolean logins = kind == Kind.LOGIN_USERS;
		return "SELECT r.*, r.fields - coalesce(r.manager_field, '') AS shown_fields, m.name AS map_name"
				+ (logins ? ", l.name AS level_name" : "") + " FROM " + kind.table
				+ " r JOIN field_map m ON m.id = r.field_map_id"
				+ (logins ? " LEFT JOIN published_permission_level l ON l.id = r.permission_level_id" : "");
	}

	private static final class Sql {

		final List<String> conditions = new ArrayList<>();

		final List<Object> args = new ArrayList<>();

		void condition(String condition, Object... values) {
			this.conditions.add(condition);
			this.args.addAll(List.of(values));
		}

	}

	private Sql where(UUID accountId, Kind kind, Filter filter) {
		Sql sql = new Sql();
		sql.condition("r.account_id = ?", accountId);
		String status = text("status", filter.status());
		if (status != null) {
			switch (status.toLowerCase(Locale.ROOT)) {
				case "active" -> sql.condition("r.status = 'active'");
				case "inactive" -> sql.condition("r.status = ?", kind.inactive);
				default -> throw Refusal.invalid("status must be active or inactive, not '" + status + "'");
			}
		}
		String integration = text("integrationStatus", filter.integrationStatus());
		if (integration != null) {
			if (!INTEGRATION_STATUSES.contains(integration.toLowerCase(Locale.ROOT))) {
				throw Refusal.invalid("integrationStatus must be one of " + String.join(", ", INTEGRATION_STATUSES)
						+ ", not '" + integration + "'");
			}
			sql.condition("r.integration_status = ?", integration.toLowerCase(Locale.ROOT));
		}
		String level = text("permissionLevel", filter.permissionLevel());
		if (level != null) {
			if (kind != Kind.LOGIN_USERS) {
				throw Refusal.invalid("permissionLevel filters login users only; People have no level");
			}
			UUID levelId = uuid(level);
			if (levelId != null) {
				sql.condition("r.permission_level_id = ?", levelId);
			}
			else {
				sql.condition("lower(l.name) = lower(?)", level);
			}
		}
		String source = text("source", filter.source());
		if (source != null) {
			switch (source.toLowerCase(Locale.ROOT)) {
				case "push" -> sql.condition("r.origin = 'scim'");
				case "pull" -> sql.condition("r.origin = 'graph'");
				default -> throw Refusal.invalid("source must be push or pull, not '" + source + "'");
			}
		}
		String since = text("changedSince", filter.changedSince());
		if (since != null) {
			sql.condition("r.updated_at >= ?", OffsetDateTime.ofInstant(instant(since), ZoneOffset.UTC));
		}
		String unique = text("uniqueIdentifier", filter.uniqueIdentifier());
		if (unique != null) {
			sql.condition("lower(r.unique_key) = lower(?)", unique);
		}
		String map = text("fieldMap", filter.fieldMap());
		if (map != null) {
			UUID mapId = uuid(map);
			if (mapId == null || !isMap(accountId, kind, mapId)) {
				throw Refusal.invalid("fieldMap '" + map + "' is not the id of one of this account's "
						+ ((kind == Kind.PEOPLE) ? "People" : "User Configuration") + " field maps");
			}
			sql.condition("r.field_map_id = ?", mapId);
		}
		return sql;
	}

	private boolean isMap(UUID accountId, Kind kind, UUID mapId) {
		return !this.jdbc
			.queryForList("SELECT 1 FROM field_map WHERE account_id = ? AND id = ? AND target = ?", accountId, mapId,
					kind.target.name().toLowerCase(Locale.ROOT))
			.isEmpty();
	}

	/**
	 * A value to filter by, or null when not given; PostgreSQL text cannot hold NUL, so
	 * such a value is refused.
	 */
	private static String text(String name, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.indexOf('\0') >= 0) {
			throw Refusal.invalid(name + " must not contain a NUL character (%00)");
		}
		return value.trim();
	}

	private static UUID uuid(String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Far outside any record, yet inside what PostgreSQL stores: a made-up year fails
	 * here, not in the database.
	 */
	private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private static Instant instant(String value) {
		Instant parsed;
		try {
			parsed = Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			try {
				parsed = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			catch (DateTimeParseException again) {
				throw Refusal.invalid("changedSince '" + value
						+ "' is not a time such as 2026-11-23T08:00:00Z or a date such as 2026-11-23");
			}
		}
		if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
			throw Refusal.invalid("changedSince '" + value + "' is outside the years 1900 to 9999");
		}
		return parsed;
	}

	private static String encode(UUID last) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(last.toString().getBytes(StandardCharsets.UTF_8));
	}

	private static UUID decode(String cursor) {
		try {
			return UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw Refusal.invalid("cursor is not one this server gave out; start again without it");
		}
	}

	private static ProvisionedRecord record(ResultSet rs, Kind kind) throws SQLException {
		UUID accountId = rs.getObject("account_id", UUID.class);
		UUID id = rs.getObject("id", UUID.class);
		UUID managerId = rs.getObject("manager_record_id", UUID.class);
		ProvisionedRecord.Link manager = (managerId != null)
				? new ProvisionedRecord.Link(managerId, kind.href(accountId, managerId)) : null;
		Boolean pending = (managerId == null && rs.getString("manager_ref") != null) ? Boolean.TRUE : null;
		ProvisionedRecord.Reference level = null;
		if (kind == Kind.LOGIN_USERS && rs.getObject("permission_level_id") != null) {
			level = new ProvisionedRecord.Reference(rs.getObject("permission_level_id", UUID.class),
					rs.getString("level_name"));
		}
		String status = rs.getString("status");
		return new ProvisionedRecord(id, kind.table,
				new ProvisionedRecord.Reference(rs.getObject("field_map_id", UUID.class), rs.getString("map_name")),
				rs.getString("unique_key"), rs.getString("shown_fields"), manager, pending,
				"active".equals(status) ? "active" : "inactive", rs.getString("integration_status"),
				rs.getString("integration_reason"), level, "graph".equals(rs.getString("origin")) ? "pull" : "push",
				rs.getString("entra_object_id"), rs.getObject("scim_user_id", UUID.class),
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getLong("version"),
				rs.getBoolean("deactivation_held"), new ProvisionedRecord.Links(kind.href(accountId, id),
						"/api/accounts/" + accountId + "/sync-log?user=" + id));
	}

}
