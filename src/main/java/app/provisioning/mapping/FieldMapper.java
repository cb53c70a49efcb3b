package app.provisioning.mapping;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;

/**
 * Applies a mapping to a provisioned user: reads each source attribute and converts it to
 * the field's type. Pure: no storage, no HTTP, so the preview and the real write agree.
 */
public final class FieldMapper {

	private FieldMapper() {
	}

	public static MappedRecord map(ObjectNode user, List<FieldMapping> mappings, UniqueIdentifier identifier) {
		Map<String, Object> fields = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		for (FieldMapping mapping : mappings) {
			JsonNode value = read(user, mapping.source().scimPath(), problems);
			if (value == null) {
				fields.put(mapping.field(), null);
				continue;
			}
			fields.put(mapping.field(), convert(value, mapping, problems));
		}
		String unique = uniqueIdentifier(user, identifier, problems);
		return new MappedRecord(fields, unique, List.copyOf(problems));
	}

	private static JsonNode read(ObjectNode user, String path, List<String> problems) {
		try {
			return ScimValueReader.read(user, path);
		}
		catch (BadRequestException ex) {
			problems.add("Cannot read " + path + ": " + ex.getMessage());
			return null;
		}
	}

	private static Object convert(JsonNode value, FieldMapping mapping, List<String> problems) {
		String field = mapping.field();
		return switch (mapping.fieldType()) {
			case BOOLEAN -> {
				if (value.isBoolean()) {
					yield value.booleanValue();
				}
				problems.add(field + ": " + value + " is not a boolean");
				yield null;
			}
			case DATE -> {
				try {
					yield OffsetDateTime.parse(value.asText()).toInstant().toString();
				}
				catch (DateTimeParseException ex) {
					problems.add(field + ": '" + value.asText() + "' is not a date");
					yield null;
				}
			}
			case EMAIL -> {
				String text = text(value);
				if (!text.contains("@")) {
					problems.add(field + ": '" + text + "' is not an email address");
					yield null;
				}
				yield text;
			}
			case TEXT, PHONE, REFERENCE -> text(value);
		};
	}

	/** Lists (other emails) become one text, in Entra's order. */
	private static String text(JsonNode value) {
		if (value.isArray()) {
			List<String> parts = new ArrayList<>();
			value.forEach((element) -> parts.add(element.asText()));
			return String.join("; ", parts);
		}
		return value.asText();
	}

	private static String uniqueIdentifier(ObjectNode user, UniqueIdentifier identifier, List<String> problems) {
		String value = switch (identifier) {
			case USER_PRINCIPAL_NAME -> user.path("userName").asText(null);
			case OBJECT_ID -> user.path("externalId").asText(null);
			case PRIMARY_EMAIL -> primaryEmail(user);
		};
		if (value == null || value.isBlank()) {
			problems.add("The unique identifier (" + identifier.name().toLowerCase(Locale.ROOT).replace('_', ' ')
					+ ") is blank");
			return null;
		}
		return value.trim();
	}

	private static String primaryEmail(ObjectNode user) {
		JsonNode emails = user.get("emails");
		if (emails == null || !emails.isArray() || emails.isEmpty()) {
			return null;
		}
		String work = null;
		for (JsonNode email : emails) {
			if (email.path("primary").asBoolean(false)) {
				return email.path("value").asText(null);
			}
			if (work == null && "work".equalsIgnoreCase(email.path("type").asText())) {
				work = email.path("value").asText(null);
			}
		}
		return work;
	}

}
