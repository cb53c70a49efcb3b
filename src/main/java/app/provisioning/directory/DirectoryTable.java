package app.provisioning.directory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;

import app.provisioning.scim.schema.ScimResourceType;
import app.provisioning.scim.schema.ScimSchemas;

import org.springframework.jdbc.support.SqlArrayValue;

/**
 * How one SCIM resource type is laid out in PostgreSQL: its table, the columns derived
 * from the document for filtering and uniqueness, and which attributes those columns
 * serve.
 */
enum DirectoryTable {

	USERS(ScimSchemas.USER, "scim_user", "userName",
			Map.of("id", Column.uuid("r.id"), "userName", Column.text("r.user_name", true), "externalId",
					Column.text("r.external_id", false), "displayName", Column.text("r.display_name", true), "active",
					Column.bool("r.active"), "meta.created", Column.timestamp("r.created_at"), "meta.lastModified",
					Column.timestamp("r.last_modified"))) {

		@Override
		Map<String, Object> derivedColumns(ObjectNode document) {
			Map<String, Object> columns = new LinkedHashMap<>();
			columns.put("user_name", document.get("userName").asText());
			columns.put("external_id", text(document, "externalId"));
			columns.put("display_name", text(document, "displayName"));
			JsonNode active = document.get("active");
			columns.put("active", active == null || active.asBoolean(true));
			columns.put("email_values", new SqlArrayValue("text", emailValues(document)));
			return columns;
		}

	},

	GROUPS(ScimSchemas.GROUP, "scim_group", "displayName",
			Map.of("id", Column.uuid("r.id"), "displayName", Column.text("r.display_name", true), "externalId",
					Column.text("r.external_id", false), "meta.created", Column.timestamp("r.created_at"),
					"meta.lastModified", Column.timestamp("r.last_modified"))) {

		@Override
		Map<String, Object> derivedColumns(ObjectNode document) {
			Map<String, Object> columns = new LinkedHashMap<>();
			columns.put("display_name", document.get("displayName").asText());
			columns.put("external_id", text(document, "externalId"));
			return columns;
		}

	};

	private final ScimResourceType type;

	private final String table;

	private final String uniqueAttribute;

	private final Map<String, Column> columns;

	DirectoryTable(ScimResourceType type, String table, String uniqueAttribute, Map<String, Column> columns) {
		this.type = type;
		this.table = table;
		this.uniqueAttribute = uniqueAttribute;
		this.columns = columns;
	}

	com.unboundid.scim2.common.exceptions.ResourceNotFoundException notFound(String id) {
		return new com.unboundid.scim2.common.exceptions.ResourceNotFoundException(
				type().name() + " " + id + " not found");
	}

	ScimResourceType type() {
		return this.type;
	}

	String table() {
		return this.table;
	}

	String uniqueAttribute() {
		return this.uniqueAttribute;
	}

	boolean hasMembers() {
		return this == GROUPS;
	}

	/**
	 * The column serving an attribute ({@code userName}, {@code meta.lastModified}), or
	 * null.
	 */
	Column column(String attributePath) {
		return this.columns.get(attributePath);
	}

	abstract Map<String, Object> derivedColumns(ObjectNode document);

	/**
	 * Whether one comparison pins its matches by an equality on a key that has its own
	 * index: id, externalId, the unique attribute, and for users an email value. Such a
	 * comparison matches a handful of rows at most, whatever the account's size (see
	 * {@link WhereClause#probe}).
	 */
	boolean isKeyEquality(Filter comparison) {
		return comparison.getFilterType() == FilterType.EQUAL
				&& (isKeyAttribute(comparison.getAttributePath()) || isEmailEquality(comparison));
	}

	private boolean isKeyAttribute(Path path) {
		if (!inCoreSchema(path) || path.size() != 1 || path.getElement(0).getValueFilter() != null) {
			return false;
		}
		String attribute = path.getElement(0).getAttribute();
		return attribute.equalsIgnoreCase("id") || attribute.equalsIgnoreCase("externalId")
				|| attribute.equalsIgnoreCase(this.uniqueAttribute);
	}

	/**
	 * {@code emails.value eq "…"} (and Entra's
	 * {@code emails[type eq "work"].value eq "…"}).
	 */
	private boolean isEmailEquality(Filter filter) {
		Path path = filter.getAttributePath();
		return this == USERS && inCoreSchema(path) && path.size() == 2
				&& path.getElement(0).getAttribute().equalsIgnoreCase("emails")
				&& path.getElement(1).getAttribute().equalsIgnoreCase("value") && filter.getComparisonValue() != null
				&& filter.getComparisonValue().isTextual();
	}

	private boolean inCoreSchema(Path path) {
		return path != null
				&& (path.getSchemaUrn() == null || path.getSchemaUrn().equalsIgnoreCase(this.type.coreSchemaUrn()));
	}

	/**
	 * Longest value of an indexed attribute (userName, displayName, externalId, email). A
	 * PostgreSQL index entry holds about 2,700 bytes; 512 characters fit in any script,
	 * and Entra's own limits (a UPN has at most 113 characters) stay far below.
	 */
	static final int MAX_INDEXED_LENGTH = 512;

	/**
	 * Refuses values too long for the indexes, naming the attribute, before any write.
	 */
	void checkIndexable(ObjectNode document) throws BadRequestException {
		for (String name : List.of("userName", "displayName", "externalId")) {
			JsonNode value = document.get(name);
			if (value != null && value.asText().length() > MAX_INDEXED_LENGTH) {
				throw BadRequestException.invalidValue(name + " is " + value.asText().length()
						+ " characters long; at most " + MAX_INDEXED_LENGTH + " are allowed");
			}
		}
		if (this == USERS) {
			for (String email : emailValues(document)) {
				if (email.length() > MAX_INDEXED_LENGTH) {
					throw BadRequestException.invalidValue("An email value is " + email.length()
							+ " characters long; at most " + MAX_INDEXED_LENGTH + " are allowed");
				}
			}
		}
	}

	private static String text(ObjectNode document, String name) {
		JsonNode value = document.get(name);
		return (value == null || value.isNull()) ? null : value.asText();
	}

	/**
	 * Lower-cased email values, for the GIN index that serves {@code emails.value eq}.
	 */
	private static String[] emailValues(ObjectNode document) {
		List<String> values = new ArrayList<>();
		JsonNode emails = document.get("emails");
		if (emails != null && emails.isArray()) {
			for (JsonNode email : emails) {
				JsonNode value = email.get("value");
				if (value != null && value.isTextual()) {
					values.add(value.textValue().toLowerCase(Locale.ROOT));
				}
			}
		}
		return values.toArray(String[]::new);
	}

}
