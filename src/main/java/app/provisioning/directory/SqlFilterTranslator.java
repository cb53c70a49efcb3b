package app.provisioning.directory;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;

import app.provisioning.directory.FilterWalk.Condition;
import app.provisioning.directory.FilterWalk.Scope;
import app.provisioning.scim.resource.AttributeValues;
import app.provisioning.scim.schema.AttributeResolver;
import app.provisioning.scim.schema.ResolvedAttribute;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Turns a SCIM filter (RFC 7644 §3.4.2.2) into a SQL condition over one account's rows.
 * Attributes with a real column use it (and its index); the rest are read from the JSONB
 * document. Every client value is a bind parameter; the only text spliced into SQL is
 * attribute names taken from our own schema definitions.
 */
final class SqlFilterTranslator {

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_:.$-]+");

	private final DirectoryTable table;

	private final MapSqlParameterSource parameters;

	private int aliases;

	SqlFilterTranslator(DirectoryTable table, MapSqlParameterSource parameters) {
		this.table = table;
		this.parameters = parameters;
	}

	/**
	 * The WHERE clause of a search over one account's live rows, the account being the
	 * {@code :account} parameter, from a single walk of the filter. A filter that pins
	 * its matches by a key is written as a key lookup, so that its key's index answers it
	 * whatever the planner's statistics say.
	 */
	WhereClause where(Filter filter) throws BadRequestException {
		if (filter == null) {
			return new WhereClause("r.account_id = :account AND " + LiveRows.inList("r."), false);
		}
		Condition condition = FilterWalk.walk(filter, this::rowComparison);
		boolean probe = condition.pin() != null;
		String live = probe ? LiveRows.byKey("r.") : LiveRows.inList("r.");
		return new WhereClause("r.account_id = :account AND " + live + " AND " + condition.sql(), probe);
	}

	private Condition rowComparison(Filter filter) throws BadRequestException {
		if (filter.getFilterType() == FilterType.COMPLEX_VALUE) {
			return complexValue(filter);
		}
		String sql = comparison(filter);
		return new Condition(sql, this.table.isKeyEquality(filter) ? filter : null);
	}

	private String comparison(Filter filter) throws BadRequestException {
		ResolvedAttribute attribute = resolve(filter);
		String key = attribute.inExtension() ? null
				: attribute.name() + (attribute.hasSubAttribute() ? "." + attribute.subAttribute().getName() : "");
		Column column = (key != null) ? this.table.column(key) : null;
		if (column != null) {
			return (filter.getFilterType() == FilterType.PRESENT) ? column.sql() + " IS NOT NULL"
					: columnComparison(column, filter, key);
		}
		if (!attribute.inExtension() && attribute.name().equals("meta")) {
			throw BadRequestException.invalidFilter("Filtering on '" + filter.getAttributePath()
					+ "' is not supported; meta.created and meta.lastModified are");
		}
		if (this.table.hasMembers() && !attribute.inExtension() && attribute.name().equals("members")) {
			String sub = attribute.hasSubAttribute() ? attribute.subAttribute().getName() : "value";
			return memberExists(memberComparison(sub, filter));
		}
		if (attribute.isMultiValued()) {
			return multiValued(attribute, filter);
		}
		if (attribute.isComplex() && !attribute.hasSubAttribute()) {
			attribute = attribute.withSubAttribute(valueSubAttribute(attribute));
		}
		String expression = "(r.attributes #>> " + jsonPath(attribute) + ")";
		return typed(expression, attribute.target(), filter, attribute.describe());
	}

	private String multiValued(ResolvedAttribute attribute, Filter filter) throws BadRequestException {
		String array = "coalesce(r.attributes #> " + jsonPath(attribute.withSubAttribute(null)) + ", '[]'::jsonb)";
		String alias = nextAlias();
		if (!attribute.isComplex()) {
			return "EXISTS (SELECT 1 FROM jsonb_array_elements_text(" + array + ") AS " + alias + "(v) WHERE "
					+ typed(alias + ".v", attribute.attribute(), filter, attribute.describe()) + ")";
		}
		AttributeDefinition sub = attribute.hasSubAttribute() ? attribute.subAttribute() : valueSubAttribute(attribute);
		String exists = "EXISTS (SELECT 1 FROM jsonb_array_elements(" + array + ") AS " + alias + "(v) WHERE "
				+ typed("(" + alias + ".v ->> " + quoted(sub.getName()) + ")", sub, filter,
						attribute.name() + "." + sub.getName())
				+ ")";
		String prefilter = emailPrefilter(attribute, sub, filter);
		return (prefilter != null) ? "(" + prefilter + " AND " + exists + ")" : exists;
	}

	/**
	 * Entra matches users by work email with {@code emails[type eq "work" and value eq
	 * "…"]}: a {@code value eq} term narrows by the email index first, and pins the
	 * search, so that this stays a key lookup in large accounts.
	 */
	private Condition complexValue(Filter filter) throws BadRequestException {
		ResolvedAttribute attribute = resolve(filter);
		if (!attribute.isComplex()) {
			throw BadRequestException.invalidFilter("'" + attribute.name() + "' is not complex: it takes no [filter]");
		}
		if (this.table.hasMembers() && !attribute.inExtension() && attribute.name().equals("members")) {
			return Condition
				.unpinned(memberExists(FilterWalk.walk(filter.getValueFilter(), this::memberCondition).sql()));
		}
		if (!attribute.isMultiValued()) {
			String base = "(r.attributes #> " + jsonPath(attribute) + ")";
			return Condition
				.unpinned(FilterWalk.walk(filter.getValueFilter(), new ElementScope(base, attribute)).sql());
		}
		String alias = nextAlias();
		String array = "coalesce(r.attributes #> " + jsonPath(attribute) + ", '[]'::jsonb)";
		Condition element = FilterWalk.walk(filter.getValueFilter(), new ElementScope(alias + ".v", attribute));
		String exists = "EXISTS (SELECT 1 FROM jsonb_array_elements(" + array + ") AS " + alias + "(v) WHERE "
				+ element.sql() + ")";
		String prefilter = (element.pin() != null)
				? emailPrefilter(attribute, valueSubAttribute(attribute), element.pin()) : null;
		return (prefilter != null) ? new Condition("(" + prefilter + " AND " + exists + ")", filter)
				: Condition.unpinned(exists);
	}

	/**
	 * Comparisons on one element (JSON object) of a complex attribute. {@code value eq
	 * "…"} pins so that {@link #complexValue} can narrow users' emails by their index.
	 */
	private final class ElementScope implements Scope {

		private final String base;

		private final ResolvedAttribute complex;

		ElementScope(String base, ResolvedAttribute complex) {
			this.base = base;
			this.complex = complex;
		}

		@Override
		public Condition comparison(Filter filter) throws BadRequestException {
			if (filter.getFilterType() == FilterType.COMPLEX_VALUE) {
				throw BadRequestException.invalidFilter("Value filters cannot be nested: " + filter);
			}
			AttributeDefinition sub = subAttribute(this.complex, filter);
			String expression = "(" + this.base + " ->> " + quoted(sub.getName()) + ")";
			String sql = typed(expression, sub, filter, this.complex.name() + "." + sub.getName());
			boolean valueEquality = filter.getFilterType() == FilterType.EQUAL && sub.getName().equals("value")
					&& filter.getComparisonValue().isTextual();
			return new Condition(sql, valueEquality ? filter : null);
		}

		/**
		 * The email prefilter serves Entra's flat
		 * {@code emails[type eq "work" and value eq "…"]}; a parenthesised group inside
		 * the brackets is left to the element condition alone.
		 */
		@Override
		public boolean pinsThroughGroups() {
			return false;
		}

	}

	private Condition memberCondition(Filter filter) throws BadRequestException {
		if (filter.getFilterType() == FilterType.COMPLEX_VALUE) {
			throw BadRequestException.invalidFilter("Value filters cannot be nested: " + filter);
		}
		if (filter.getAttributePath().size() != 1) {
			throw BadRequestException.invalidFilter("Inside members[...] use value or type; got " + filter);
		}
		return Condition.unpinned(memberComparison(filter.getAttributePath().getElement(0).getAttribute(), filter));
	}

	private String memberComparison(String subName, Filter filter) throws BadRequestException {
		if (filter.getFilterType() == FilterType.PRESENT) {
			return "TRUE";
		}
		if (subName.equalsIgnoreCase("value")) {
			return columnComparison(Column.uuid("m.member_id"), filter, "members.value");
		}
		if (subName.equalsIgnoreCase("type")) {
			return columnComparison(Column.text("m.member_type", true), filter, "members.type");
		}
		throw BadRequestException
			.invalidFilter("Members can be filtered by value (the member id) and type; not by '" + subName + "'");
	}

	private static String memberExists(String condition) {
		return "EXISTS (SELECT 1 FROM scim_group_member m WHERE m.group_id = r.id AND " + condition + ")";
	}

	private String columnComparison(Column column, Filter filter, String name) throws BadRequestException {
		JsonNode value = requireValue(filter, name);
		FilterType op = filter.getFilterType();
		switch (column.kind()) {
			case UUID -> {
				if (op == FilterType.EQUAL || op == FilterType.NOT_EQUAL) {
					UUID id = parseUuid(value.asText());
					if (id == null) {
						return (op == FilterType.EQUAL) ? "FALSE" : "TRUE";
					}
					return column.sql() + ((op == FilterType.EQUAL) ? " = " : " <> ") + bind(id);
				}
				return text(column.sql() + "::text", true, op, value.asText(), name);
			}
			case BOOLEAN -> {
				return booleanComparison(column.sql(), op, parseBoolean(value, name), name);
			}
			case TIMESTAMP -> {
				return ordered(column.sql(), op, bind(parseDateTime(value, name)), name);
			}
			default -> {
				return text(column.sql(), column.caseInsensitive(), op, value.asText(), name);
			}
		}
	}

	/** A comparison on a value read from JSON (text) or from an array element. */
	private String typed(String expression, AttributeDefinition definition, Filter filter, String name)
			throws BadRequestException {
		FilterType op = filter.getFilterType();
		if (op == FilterType.PRESENT) {
			return expression + " IS NOT NULL";
		}
		JsonNode value = requireValue(filter, name);
		Type type = definition.getType();
		return switch (type) {
			case BOOLEAN -> booleanComparison(expression, op, Boolean.toString(parseBoolean(value, name)), name);
			case INTEGER, DECIMAL -> ordered("(" + expression + ")::numeric", op, bind(parseNumber(value, name)), name);
			case DATETIME -> ordered("(" + expression + ")::timestamptz", op, bind(parseDateTime(value, name)), name);
			case COMPLEX ->
				throw BadRequestException.invalidFilter("'" + name + "' is complex; filter on a sub-attribute");
			default -> text(expression, !definition.isCaseExact(), op, value.asText(), name);
		};
	}

	private String booleanComparison(String expression, FilterType op, Object value, String name)
			throws BadRequestException {
		return switch (op) {
			case EQUAL -> expression + " = " + bind(value);
			case NOT_EQUAL -> expression + " IS DISTINCT FROM " + bind(value);
			default -> throw BadRequestException.invalidFilter("'" + name + "' is a boolean: use eq, ne or pr");
		};
	}

	private String ordered(String expression, FilterType op, String parameter, String name) throws BadRequestException {
		return switch (op) {
			case EQUAL -> expression + " = " + parameter;
			case NOT_EQUAL -> expression + " IS DISTINCT FROM " + parameter;
			case GREATER_THAN -> expression + " > " + parameter;
			case GREATER_OR_EQUAL -> expression + " >= " + parameter;
			case LESS_THAN -> expression + " < " + parameter;
			case LESS_OR_EQUAL -> expression + " <= " + parameter;
			default ->
				throw BadRequestException.invalidFilter("'" + name + "' is not a string: co, sw and ew do not apply");
		};
	}

	private String text(String expression, boolean caseInsensitive, FilterType op, String value, String name)
			throws BadRequestException {
		String left = caseInsensitive ? "lower(" + expression + ")" : expression;
		String right = caseInsensitive ? value.toLowerCase(Locale.ROOT) : value;
		return switch (op) {
			case CONTAINS -> left + " LIKE " + bind("%" + escapeLike(right) + "%") + " ESCAPE '\\'";
			case STARTS_WITH -> left + " LIKE " + bind(escapeLike(right) + "%") + " ESCAPE '\\'";
			case ENDS_WITH -> left + " LIKE " + bind("%" + escapeLike(right)) + " ESCAPE '\\'";
			default -> ordered(left, op, bind(right), name);
		};
	}

	/**
	 * {@code emails.value eq "x"} first narrows with the GIN index over lower-cased
	 * addresses, so Entra's match-by-email stays an index lookup at 500,000 users.
	 */
	private String emailPrefilter(ResolvedAttribute attribute, AttributeDefinition sub, Filter filter) {
		if (this.table != DirectoryTable.USERS || attribute.inExtension() || !attribute.name().equals("emails")
				|| !sub.getName().equals("value") || filter.getFilterType() != FilterType.EQUAL
				|| !filter.getComparisonValue().isTextual()) {
			return null;
		}
		return "r.email_values @> ARRAY[" + bind(filter.getComparisonValue().textValue().toLowerCase(Locale.ROOT))
				+ "]::text[]";
	}

	private ResolvedAttribute resolve(Filter filter) throws BadRequestException {
		try {
			return AttributeResolver.resolve(this.table.type(), filter.getAttributePath());
		}
		catch (BadRequestException ex) {
			throw BadRequestException.invalidFilter(ex.getMessage());
		}
	}

	private static AttributeDefinition subAttribute(ResolvedAttribute complex, Filter filter)
			throws BadRequestException {
		if (filter.getAttributePath().size() != 1 || filter.getAttributePath().getSchemaUrn() != null) {
			throw BadRequestException.invalidFilter("Inside '" + complex.name()
					+ "[...]' name sub-attributes only, e.g. type eq \"work\"; got " + filter);
		}
		try {
			return AttributeResolver.subAttribute(complex.attribute(),
					filter.getAttributePath().getElement(0).getAttribute());
		}
		catch (BadRequestException ex) {
			throw BadRequestException.invalidFilter(ex.getMessage());
		}
	}

	private static AttributeDefinition valueSubAttribute(ResolvedAttribute attribute) throws BadRequestException {
		try {
			return AttributeResolver.subAttribute(attribute.attribute(), "value");
		}
		catch (BadRequestException ex) {
			throw BadRequestException.invalidFilter("'" + attribute.name()
					+ "' is complex; filter on one of its sub-attributes, e.g. " + attribute.name() + "."
					+ attribute.attribute().getSubAttributes().iterator().next().getName());
		}
	}

	/**
	 * A literal text[] path such as {@code '{name,givenName}'}, from canonical schema
	 * names only.
	 */
	static String jsonPath(ResolvedAttribute attribute) {
		List<String> names = new ArrayList<>();
		if (attribute.inExtension()) {
			names.add(attribute.schemaUrn());
		}
		names.add(attribute.name());
		if (attribute.hasSubAttribute()) {
			names.add(attribute.subAttribute().getName());
		}
		for (String name : names) {
			requireSafe(name);
		}
		return "'{" + String.join(",", names) + "}'";
	}

	private static String quoted(String name) {
		requireSafe(name);
		return "'" + name + "'";
	}

	private static void requireSafe(String name) {
		if (!SAFE_NAME.matcher(name).matches()) {
			throw new IllegalStateException("Schema name unfit for SQL: " + name);
		}
	}

	private static JsonNode requireValue(Filter filter, String name) throws BadRequestException {
		JsonNode value = filter.getComparisonValue();
		if (value == null || value.isNull()) {
			throw BadRequestException
				.invalidFilter("Compare '" + name + "' with a value; to test presence use '" + name + " pr'");
		}
		// A JSON escape in a quoted value can decode to NUL, which PostgreSQL text cannot
		// hold: refuse it here rather than let the database fail the query with a 500.
		if (value.isTextual() && value.textValue().indexOf('\0') >= 0) {
			throw BadRequestException.invalidFilter("The value compared with '" + name
					+ "' contains the NUL character (\\u0000), which no attribute can hold");
		}
		return value;
	}

	private static boolean parseBoolean(JsonNode value, String name) throws BadRequestException {
		try {
			return AttributeValues.parseBoolean(value, name);
		}
		catch (BadRequestException ex) {
			throw BadRequestException.invalidFilter("'" + name + "' is a boolean: compare it with true or false");
		}
	}

	private static BigDecimal parseNumber(JsonNode value, String name) throws BadRequestException {
		try {
			return new BigDecimal(value.asText().trim());
		}
		catch (NumberFormatException ex) {
			throw BadRequestException.invalidFilter("'" + name + "' is a number: compare it with a number");
		}
	}

	private static OffsetDateTime parseDateTime(JsonNode value, String name) throws BadRequestException {
		try {
			OffsetDateTime parsed = OffsetDateTime.parse(value.asText().trim());
			if (AttributeValues.isStorableYear(parsed)) {
				return parsed;
			}
		}
		catch (DateTimeParseException ex) {
			// reported below
		}
		throw BadRequestException.invalidFilter("'" + name
				+ "' is a dateTime: compare it with a value like \"2026-01-31T09:00:00Z\" (years 1 to 9999)");
	}

	private static UUID parseUuid(String text) {
		try {
			return UUID.fromString(text.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String escapeLike(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private String bind(Object value) {
		String name = "f" + this.parameters.getValues().size();
		this.parameters.addValue(name, value);
		return ":" + name;
	}

	private String nextAlias() {
		return "e" + (++this.aliases);
	}

	/** The ORDER BY expression for sortBy (RFC 7644 §3.4.2.3). */
	String sortExpression(ResolvedAttribute attribute) throws BadRequestException {
		String key = attribute.inExtension() ? null
				: attribute.name() + (attribute.hasSubAttribute() ? "." + attribute.subAttribute().getName() : "");
		Column column = (key != null) ? this.table.column(key) : null;
		if (column != null) {
			return column.comparable();
		}
		if (attribute.name().equals("members") || attribute.name().equals("meta")) {
			throw BadRequestException.invalidValue("Cannot sort by '" + attribute.describe() + "'");
		}
		AttributeDefinition target;
		String path;
		if (attribute.isMultiValued() || (attribute.isComplex() && !attribute.hasSubAttribute())) {
			AttributeDefinition sub = attribute.hasSubAttribute() ? attribute.subAttribute()
					: (attribute.isComplex() ? AttributeResolver.subAttribute(attribute.attribute(), "value") : null);
			String base = jsonPath(attribute.withSubAttribute(null));
			String inner = base.substring(2, base.length() - 2);
			path = "'{" + inner + (attribute.isMultiValued() ? ",0" : "") + ((sub != null) ? "," + sub.getName() : "")
					+ "}'";
			target = (sub != null) ? sub : attribute.attribute();
		}
		else {
			path = jsonPath(attribute);
			target = attribute.target();
		}
		String expression = "(r.attributes #>> " + path + ")";
		return (target.getType() == Type.STRING && !target.isCaseExact()) ? "lower(" + expression + ")" : expression;
	}

}
