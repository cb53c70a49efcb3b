package app.provisioning.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;

import app.provisioning.scim.StoredResource;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * A resource's row and its document: read back as a {@link StoredResource}, written as
 * JSON.
 */
final class StoredRows {

	private static final ObjectMapper MAPPER = JsonUtils.createObjectMapper();

	private StoredRows() {
	}

	static StoredResource row(ResultSet rs, int rowNum) throws SQLException {
		try {
			ObjectNode attributes = (ObjectNode) MAPPER.readTree(rs.getString("attributes"));
			return new StoredResource(rs.getObject("id", UUID.class).toString(), attributes, rs.getLong("version"),
					rs.getObject("created_at", OffsetDateTime.class).toInstant(),
					rs.getObject("last_modified", OffsetDateTime.class).toInstant(), null);
		}
		catch (JsonProcessingException ex) {
			throw new SQLException("Stored attributes are not JSON", ex);
		}
	}

	static String json(ObjectNode attributes) {
		try {
			return MAPPER.writeValueAsString(attributes);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot serialise a JSON tree", ex);
		}
	}

	/**
	 * One live resource of the account by id, or none; {@code suffix} " FOR UPDATE" locks
	 * it.
	 */
	static Optional<StoredResource> byId(NamedParameterJdbcTemplate jdbc, DirectoryTable table, UUID accountId, UUID id,
			String suffix) {
		return jdbc
			.query(byIdStatement(table, suffix), new MapSqlParameterSource("account", accountId).addValue("id", id),
					StoredRows::row)
			.stream()
			.findFirst();
	}

	/** PostgreSQL keeps microseconds; so do we, so what we return is what we stored. */
	static Instant now(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** Reads (or locks) one live resource of the account by id. */
	static String byIdStatement(DirectoryTable table, String suffix) {
		return "SELECT r.id, r.attributes, r.version, r.created_at, r.last_modified FROM " + table.table()
				+ " r WHERE r.account_id = :account AND r.id = :id AND " + LiveRows.byKey("r.") + suffix;
	}

}
