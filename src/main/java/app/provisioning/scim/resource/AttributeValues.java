package app.provisioning.scim.resource;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;

/**
 * Turns a client-sent JSON value into the canonical stored form of one attribute, or says
 * precisely why it cannot. Returns {@code null} for "no value" (JSON null, empty string,
 * empty array or object), which callers treat as clearing the attribute.
 * <p>
 * The Entra leniencies for values live here: booleans sent as the strings
 * {@code "True"}/{@code "False"} (Jackson's {@code asBoolean()} reads {@code "True"} as
 * false, so it is parsed by hand), a manager sent as a bare id string or as an array of
 * one object, and sub-attribute names in any letter case.
 */
public final class AttributeValues {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private AttributeValues() {
	}

	/** A whole attribute (multi-valued attributes become arrays). */
	public static JsonNode normalize(AttributeDefinition attribute, JsonNode value, String path)
			throws BadRequestException {
		if (isEmpty(value)) {
			return null;
		}
		if (attribute.isMultiValued()) {
			ArrayNode result = JSON.arrayNode();
			if (value.isArray()) {
				for (JsonNode element : value) {
					JsonNode normalized = normalizeSingle(attribute, element, path);
					if (normalized != null) {
						result.add(normalized);
					}
				}
			}
			else {
				JsonNode normalized = normalizeSingle(attribute, value, path);
				if (normalized != null) {
					result.add(normalized);
				}
			}
			return result.isEmpty() ? null : result;
		}
		if (value.isArray()) {
			// Entra sends the manager as [{"value": id}] (Microsoft's tutorial, example
			// 5).
			if (value.size() == 1) {
				return normalizeSingle(attribute, value.get(0), path);
			}
			throw BadRequestException.invalidValue(
					"Attribute '" + path + "' is single-valued but an array of " + value.size() + " values was sent");
		}
		return normalizeSingle(attribute, value, path);
	}

	/** One value of the attribute (an element, for multi-valued attributes). */
	public static JsonNode normalizeSingle(AttributeDefinition attribute, JsonNode value, String path)
			throws BadRequestException {
		if (isEmpty(value)) {
			return null;
		}
		return switch (attribute.getType()) {
			case COMPLEX -> complex(attribute, value, path);
			case BOOLEAN -> JSON.booleanNode(parseBoolean(value, path));
			case INTEGER -> integer(value, path);
			case DECIMAL -> decimal(value, path);
			case DATETIME -> dateTime(value, path);
			case STRING, REFERENCE, BINARY -> text(value, path);
		};
	}

	/**
	 * Booleans: JSON true/false, or a string spelling them in any case, as Entra sends
	 * without the aadOptscim062020 flag ({@code "value": "False"}).
	 */
	public static boolean parseBoolean(JsonNode value, String path) throws BadRequestException {
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		if (value.isTextual()) {
			String text = value.textValue().trim().toLowerCase(Locale.ROOT);
			if (text.equals("true")) {
				return true;
			}
			if (text.equals("false")) {
				return false;
			}
		}
		throw BadRequestException
			.invalidValue("Attribute '" + path + "' must be a boolean (true or false), got " + abbreviate(value));
	}

	private static JsonNode complex(AttributeDefinition attribute, JsonNode value, String path)
			throws BadRequestException {
		if (!value.isObject()) {
			AttributeDefinition valueSub = sub(attribute, "value");
			if (valueSub != null && value.isValueNode()) {
				// A bare id for a complex reference such as manager: {"value": id}.
				JsonNode normalized = normalizeSingle(valueSub, value, path + ".value");
				if (normalized == null) {
					return null;
				}
				ObjectNode wrapped = JSON.objectNode();
				wrapped.set(valueSub.getName(), normalized);
				return wrapped;
			}
			throw BadRequestException
				.invalidValue("Attribute '" + path + "' must be a JSON object, got " + abbreviate(value));
		}
		ObjectNode result = JSON.objectNode();
		var fields = value.properties().iterator();
		while (fields.hasNext()) {
			var field = fields.next();
			AttributeDefinition sub = sub(attribute, field.getKey());
			if (sub == null || sub.getMutability() == Mutability.READ_ONLY) {
				continue;
			}
			JsonNode normalized = normalizeSingle(sub, field.getValue(), path + "." + sub.getName());
			if (normalized != null) {
				result.set(sub.getName(), normalized);
			}
		}
		return result.isEmpty() ? null : result;
	}

	static AttributeDefinition sub(AttributeDefinition complex, String name) {
		if (complex.getSubAttributes() == null) {
			return null;
		}
		for (AttributeDefinition sub : complex.getSubAttributes()) {
			if (sub.getName().equalsIgnoreCase(name)) {
				return sub;
			}
		}
		return null;
	}

	private static JsonNode text(JsonNode value, String path) throws BadRequestException {
		if (value.isTextual()) {
			if (value.textValue().indexOf('\0') >= 0) {
				// PostgreSQL text cannot hold NUL; refuse it rather than fail the write.
				throw BadRequestException.invalidValue("Attribute '" + path + "' contains the NUL character (\\u0000)");
			}
			if (hasUnpairedSurrogate(value.textValue())) {
				// It would be stored as '?', so what we return would differ from what was
				// sent.
				throw BadRequestException
					.invalidValue("Attribute '" + path + "' contains an unpaired UTF-16 surrogate");
			}
			return value.textValue().isEmpty() ? null : value;
		}
		if (value.isNumber() || value.isBoolean()) {
			return JSON.textNode(value.asText());
		}
		throw BadRequestException.invalidValue("Attribute '" + path + "' must be a string, got " + abbreviate(value));
	}

	private static boolean hasUnpairedSurrogate(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return true;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return true;
			}
		}
		return false;
	}

	/** Years PostgreSQL's timestamptz and every client can hold. */
	public static boolean isStorableYear(OffsetDateTime value) {
		return value.getYear() >= 1 && value.getYear() <= 9999;
	}

	private static JsonNode integer(JsonNode value, String path) throws BadRequestException {
		try {
			if (value.isIntegralNumber()) {
				return value;
			}
			if (value.isTextual()) {
				return JSON.numberNode(Long.parseLong(value.textValue().trim()));
			}
		}
		catch (NumberFormatException ex) {
			// fall through to the error below
		}
		throw BadRequestException.invalidValue("Attribute '" + path + "' must be an integer, got " + abbreviate(value));
	}

	private static JsonNode decimal(JsonNode value, String path) throws BadRequestException {
		try {
			if (value.isNumber()) {
				return value;
			}
			if (value.isTextual()) {
				return JSON.numberNode(new BigDecimal(value.textValue().trim()));
			}
		}
		catch (NumberFormatException ex) {
			// fall through to the error below
		}
		throw BadRequestException.invalidValue("Attribute '" + path + "' must be a number, got " + abbreviate(value));
	}

	private static JsonNode dateTime(JsonNode value, String path) throws BadRequestException {
		if (value.isTextual()) {
			try {
				if (isStorableYear(OffsetDateTime.parse(value.textValue().trim()))) {
					return value;
				}
			}
			catch (DateTimeParseException ex) {
				// fall through to the error below
			}
		}
		throw BadRequestException.invalidValue("Attribute '" + path
				+ "' must be an xsd:dateTime with a time zone, like 2026-01-31T09:00:00Z; got " + abbreviate(value));
	}

	public static boolean isEmpty(JsonNode value) {
		return value == null || value.isNull() || value.isMissingNode()
				|| (value.isTextual() && value.textValue().isEmpty()) || (value.isContainerNode() && value.isEmpty());
	}

	static String abbreviate(JsonNode value) {
		String text = value.toString();
		return (text.length() > 80) ? text.substring(0, 77) + "..." : text;
	}

}
