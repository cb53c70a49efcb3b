package app.provisioning.scim.patch;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;

import app.provisioning.scim.resource.AttributeValues;
import app.provisioning.scim.schema.AttributeResolver;

/**
 * Evaluates the value filter of a PATCH path ({@code emails[type eq "work"]}) against the
 * elements of one resource's attribute. Entra leniency: boolean literals may arrive as
 * capitalised strings ({@code roles[primary eq "True"]}).
 */
public final class ValueFilterMatcher {

	private ValueFilterMatcher() {
	}

	public static boolean matches(Filter filter, JsonNode element, AttributeDefinition complex)
			throws BadRequestException {
		if (!(element instanceof ObjectNode object)) {
			return false;
		}
		return switch (filter.getFilterType()) {
			case AND -> {
				for (Filter part : filter.getCombinedFilters()) {
					if (!matches(part, object, complex)) {
						yield false;
					}
				}
				yield true;
			}
			case OR -> {
				for (Filter part : filter.getCombinedFilters()) {
					if (matches(part, object, complex)) {
						yield true;
					}
				}
				yield false;
			}
			case NOT -> !matches(filter.getInvertedFilter(), object, complex);
			case COMPLEX_VALUE -> throw BadRequestException.invalidFilter("Value filters cannot be nested: " + filter);
			default -> compare(filter, object, complex);
		};
	}

	private static boolean compare(Filter filter, ObjectNode element, AttributeDefinition complex)
			throws BadRequestException {
		if (filter.getAttributePath().size() != 1 || filter.getAttributePath().getSchemaUrn() != null) {
			throw BadRequestException.invalidFilter("Inside '" + complex.getName()
					+ "[...]' compare sub-attributes by name, e.g. type eq \"work\"; got " + filter);
		}
		AttributeDefinition sub = AttributeResolver.subAttribute(complex,
				filter.getAttributePath().getElement(0).getAttribute());
		JsonNode actual = element.get(sub.getName());
		if (filter.getFilterType() == FilterType.PRESENT) {
			return !AttributeValues.isEmpty(actual);
		}
		JsonNode expected = filter.getComparisonValue();
		if (actual == null || actual.isNull()) {
			return filter.getFilterType() == FilterType.NOT_EQUAL;
		}
		int comparison;
		String path = complex.getName() + "." + sub.getName();
		if (sub.getType() == Type.BOOLEAN) {
			boolean want = AttributeValues.parseBoolean(expected, path);
			boolean have = actual.isBoolean() ? actual.booleanValue() : Boolean.parseBoolean(actual.asText());
			return switch (filter.getFilterType()) {
				case EQUAL -> want == have;
				case NOT_EQUAL -> want != have;
				default -> throw BadRequestException.invalidFilter(path + " is a boolean: use eq, ne or pr");
			};
		}
		if (sub.getType() == Type.INTEGER || sub.getType() == Type.DECIMAL) {
			comparison = number(actual, path).compareTo(number(expected, path));
		}
		else if (sub.getType() == Type.DATETIME) {
			comparison = dateTime(actual, path).compareTo(dateTime(expected, path));
		}
		else {
			String have = actual.asText();
			String want = expected.asText();
			if (!sub.isCaseExact()) {
				have = have.toLowerCase(Locale.ROOT);
				want = want.toLowerCase(Locale.ROOT);
			}
			switch (filter.getFilterType()) {
				case CONTAINS:
					return have.contains(want);
				case STARTS_WITH:
					return have.startsWith(want);
				case ENDS_WITH:
					return have.endsWith(want);
				default:
					comparison = have.compareTo(want);
			}
		}
		return switch (filter.getFilterType()) {
			case EQUAL -> comparison == 0;
			case NOT_EQUAL -> comparison != 0;
			case GREATER_THAN -> comparison > 0;
			case GREATER_OR_EQUAL -> comparison >= 0;
			case LESS_THAN -> comparison < 0;
			case LESS_OR_EQUAL -> comparison <= 0;
			default -> throw BadRequestException.invalidFilter("Operator not supported on " + path + ": " + filter);
		};
	}

	private static BigDecimal number(JsonNode node, String path) throws BadRequestException {
		try {
			return new BigDecimal(node.asText());
		}
		catch (NumberFormatException ex) {
			throw BadRequestException.invalidFilter(path + " is a number; compare it with a number");
		}
	}

	private static OffsetDateTime dateTime(JsonNode node, String path) throws BadRequestException {
		try {
			return OffsetDateTime.parse(node.asText());
		}
		catch (DateTimeParseException ex) {
			throw BadRequestException
				.invalidFilter(path + " is a dateTime; compare it with a value like \"2026-01-31T09:00:00Z\"");
		}
	}

}
