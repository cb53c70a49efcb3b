package app.provisioning.mapping;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.unboundid.scim2.common.utils.JsonUtils;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Field maps in PostgreSQL; the pairs are a JSONB list. Every statement names the
 * account.
 */
@Repository
class FieldMapRepository {

	private static final String COLUMNS = "id, account_id, name, target, unique_identifier, organisational_unit, user_role,"
			+ " fields, created_at, updated_at";

	private final JdbcTemplate jdbc;

	private final ObjectMapper mapper = JsonUtils.createObjectMapper();

	FieldMapRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void insert(FieldMap map) {
		this.jdbc.update("INSERT INTO field_map (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, cast(? AS jsonb), ?, ?)",
				map.id(), map.accountId(), map.name(), column(map.target()), column(map.uniqueIdentifier()),
				map.organisationalUnit(), map.userRole(), json(map.fields()), time(map.createdAt()),
				time(map.updatedAt()));
	}

	void update(FieldMap map) {
		this.jdbc.update(
				"UPDATE field_map SET name = ?, target = ?, unique_identifier = ?, organisational_unit = ?,"
						+ " user_role = ?, fields = cast(? AS jsonb), updated_at = ? WHERE id = ? AND account_id = ?",
				map.name(), column(map.target()), column(map.uniqueIdentifier()), map.organisationalUnit(),
				map.userRole(), json(map.fields()), time(map.updatedAt()), map.id(), map.accountId());
	}

	List<FieldMap> findByAccount(UUID accountId) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM field_map WHERE account_id = ? ORDER BY created_at, id",
				this::row, accountId);
	}

	Optional<FieldMap> find(UUID accountId, UUID id) {
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM field_map WHERE account_id = ? AND id = ?", this::row, accountId, id)
			.stream()
			.findFirst();
	}

	/** How many People or login records the map has made; they keep referring to it. */
	long records(UUID accountId, UUID id) {
		Long count = this.jdbc.queryForObject(
				"SELECT (SELECT count(*) FROM person WHERE account_id = ? AND field_map_id = ?)"
						+ " + (SELECT count(*) FROM login_user WHERE account_id = ? AND field_map_id = ?)",
				Long.class, accountId, id, accountId, id);
		return (count != null) ? count : 0;
	}

	boolean delete(UUID accountId, UUID id) {
		return this.jdbc.update("DELETE FROM field_map WHERE account_id = ? AND id = ?", accountId, id) > 0;
	}

	private FieldMap row(ResultSet rs, int n) throws SQLException {
		List<FieldMapping> fields = new ArrayList<>();
		try {
			for (JsonNode pair : this.mapper.readTree(rs.getString("fields"))) {
				fields.add(new FieldMapping(EntraAttribute.valueOf(pair.get("attribute").asText()),
						pair.get("field").asText(), FieldType.valueOf(pair.get("type").asText())));
			}
		}
		catch (JsonProcessingException ex) {
			throw new SQLException("Stored field map is not JSON", ex);
		}
		return new FieldMap(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
				rs.getString("name"), FieldMap.Target.valueOf(rs.getString("target").toUpperCase(Locale.ROOT)),
				UniqueIdentifier.valueOf(rs.getString("unique_identifier").toUpperCase(Locale.ROOT)),
				rs.getString("organisational_unit"), rs.getString("user_role"), fields,
				rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

	private String json(List<FieldMapping> fields) {
		ArrayNode array = this.mapper.createArrayNode();
		for (FieldMapping field : fields) {
			array.addObject()
				.put("attribute", field.source().name())
				.put("field", field.field())
				.put("type", field.fieldType().name());
		}
		return array.toString();
	}

	private static String column(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private static OffsetDateTime time(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
