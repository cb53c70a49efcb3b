package app.provisioning.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;

import app.provisioning.scim.patch.ValueFilterMatcher;
import app.provisioning.scim.schema.AttributeResolver;
import app.provisioning.scim.schema.ResolvedAttribute;
import app.provisioning.scim.schema.ScimSchemas;

/**
 * Reads the value at a SCIM attribute path (as Entra's attribute mapping names it, e.g.
 * {@code phoneNumbers[type eq "mobile"].value}) from a provisioned user.
 */
final class ScimValueReader {

	private ScimValueReader() {
	}

	/**
	 * The value, or null when the user has none. Multi-valued results come back as an
	 * array.
	 */
	static JsonNode read(ObjectNode user, String scimPath) throws BadRequestException {
		ResolvedAttribute attribute = AttributeResolver.resolve(ScimSchemas.USER, Path.fromString(scimPath));
		JsonNode container = attribute.inExtension() ? user.get(attribute.schemaUrn()) : user;
		JsonNode value = (container != null) ? container.get(attribute.name()) : null;
		if (value == null || value.isNull()) {
			return null;
		}
		if (!attribute.isMultiValued()) {
			if (attribute.valueFilter() != null
					&& !ValueFilterMatcher.matches(attribute.valueFilter(), value, attribute.attribute())) {
				return null;
			}
			return attribute.hasSubAttribute() ? value.get(attribute.subAttribute().getName()) : value;
		}
		ArrayNode found = JsonNodeFactory.instance.arrayNode();
		for (JsonNode element : value) {
			if (attribute.valueFilter() != null
					&& !ValueFilterMatcher.matches(attribute.valueFilter(), element, attribute.attribute())) {
				continue;
			}
			JsonNode picked = attribute.hasSubAttribute() ? element.get(attribute.subAttribute().getName()) : element;
			if (picked != null && !picked.isNull()) {
				found.add(picked);
			}
		}
		if (found.isEmpty()) {
			return null;
		}
		// A filtered path names one element (Entra keeps one "work" phone); others are
		// lists.
		return (attribute.valueFilter() != null) ? found.get(0) : found;
	}

}
