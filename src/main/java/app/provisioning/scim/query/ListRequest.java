package app.provisioning.scim.query;

import java.math.BigInteger;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

import app.provisioning.scim.ScimProperties;
import app.provisioning.scim.resource.JsonFields;
import app.provisioning.scim.schema.AttributeResolver;
import app.provisioning.scim.schema.ResolvedAttribute;
import app.provisioning.scim.schema.ScimResourceType;

/**
 * The list parameters of {@code GET /Users} or a {@code POST /.search} body, checked: RFC
 * 7644 §3.4.2 (filter, sortBy, sortOrder, startIndex, count, attributes,
 * excludedAttributes) and RFC 9865 (cursor).
 */
public record ListRequest(ScimSearch search, AttributeSelection selection) {

	public static ListRequest of(ScimResourceType type, ScimProperties limits, String filter, String sortBy,
			String sortOrder, String startIndex, String count, String cursor, String attributes,
			String excludedAttributes) throws BadRequestException {
		Filter parsed = (filter == null || filter.isBlank()) ? null : FilterReader.read(filter.trim());
		if (parsed != null) {
			// Resolve every attribute now so an unknown one is 400 before any query runs.
			FilterAttributes.check(type, parsed);
		}
		ResolvedAttribute sort = null;
		if (sortBy != null && !sortBy.isBlank()) {
			try {
				sort = AttributeResolver.resolve(type, Path.fromString(sortBy.trim()));
			}
			catch (BadRequestException ex) {
				throw BadRequestException.invalidValue("sortBy: " + ex.getMessage());
			}
		}
		boolean descending = false;
		if (sortOrder != null && !sortOrder.isBlank()) {
			descending = switch (sortOrder.trim().toLowerCase(Locale.ROOT)) {
				case "ascending" -> false;
				case "descending" -> true;
				default -> throw BadRequestException.invalidValue("sortOrder must be 'ascending' or 'descending'");
			};
		}
		int pageSize = pageSize(count, limits);
		int start = Math.max(1, integer("startIndex", startIndex, 1));
		if (cursor != null) {
			if (startIndex != null && !startIndex.isBlank()) {
				throw BadRequestException.invalidValue("Use either cursor or startIndex paging, not both");
			}
			if (sort != null) {
				throw BadRequestException
					.invalidValue("sortBy is not supported with cursor paging; use startIndex paging to sort");
			}
		}
		AttributeSelection selection = AttributeSelection.of(type, attributes, excludedAttributes);
		ScimSearch search = new ScimSearch(parsed, sort, descending, start, pageSize,
				(cursor != null) ? cursor.trim() : null, selection.returns("members"));
		return new ListRequest(search, selection);
	}

	/** A {@code POST /.search} body (RFC 7644 §3.4.3). */
	public static ListRequest ofSearchBody(ScimResourceType type, ScimProperties limits, ObjectNode body)
			throws BadRequestException {
		return of(type, limits, text(body, "filter"), text(body, "sortBy"), text(body, "sortOrder"),
				text(body, "startIndex"), text(body, "count"), text(body, "cursor"), list(body, "attributes"),
				list(body, "excludedAttributes"));
	}

	/**
	 * RFC 7644 §3.4.2.4: a negative count is 0, and a count above the maximum is capped,
	 * even one beyond the range of an int.
	 */
	private static int pageSize(String count, ScimProperties limits) throws BadRequestException {
		if (count == null || count.isBlank()) {
			return limits.defaultPageSize();
		}
		try {
			return new BigInteger(count.trim()).max(BigInteger.ZERO)
				.min(BigInteger.valueOf(limits.maxPageSize()))
				.intValueExact();
		}
		catch (NumberFormatException ex) {
			throw BadRequestException.invalidValue("count must be an integer, got '" + count + "'");
		}
	}

	private static int integer(String name, String value, int fallback) throws BadRequestException {
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw BadRequestException.invalidValue(name + " must be an integer, got '" + value + "'");
		}
	}

	private static String text(ObjectNode body, String name) throws BadRequestException {
		JsonNode value = JsonFields.field(body, name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isContainerNode()) {
			throw BadRequestException.invalidValue("'" + name + "' must be a string or number");
		}
		return value.asText();
	}

	private static String list(ObjectNode body, String name) throws BadRequestException {
		JsonNode value = JsonFields.field(body, name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isTextual()) {
			return value.textValue();
		}
		if (!value.isArray()) {
			throw BadRequestException.invalidValue("'" + name + "' must be an array of attribute names");
		}
		StringBuilder joined = new StringBuilder();
		for (JsonNode element : value) {
			if (!joined.isEmpty()) {
				joined.append(',');
			}
			joined.append(element.asText());
		}
		return joined.toString();
	}

}
