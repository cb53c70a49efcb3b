package app.provisioning.scim.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.SchemaResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.scim.schema.AttributeResolver;
import app.provisioning.scim.schema.ResolvedAttribute;
import app.provisioning.scim.schema.ScimResourceType;
import app.provisioning.scim.schema.ScimSchemas;

/**
 * Reads a POST or PUT body into the canonical stored form.
 * <p>
 * Entra leniency: create bodies carry JSON nulls, {@code "roles": []}, a client
 * {@code meta}, schema URIs we do not know (even misspelt ones,
 * {@code ...enterprise:2.0User}) and attributes that belong nowhere
 * ({@code "department": null} at the top level). All of that is ignored, never stored and
 * never an error. Attribute names match in any letter case.
 */
public final class IncomingResource {

	private static final Logger log = LoggerFactory.getLogger(IncomingResource.class);

	private IncomingResource() {
	}

	public static ObjectNode read(ScimResourceType type, ObjectNode body) throws BadRequestException {
		ObjectNode document = JsonNodeFactory.instance.objectNode();
		List<String> ignored = new ArrayList<>();
		var fields = body.properties().iterator();
		while (fields.hasNext()) {
			var field = fields.next();
			String key = field.getKey();
			JsonNode value = field.getValue();
			Optional<SchemaResource> schema = type.schema(key);
			if (schema.isPresent()) {
				if (value.isObject()) {
					readExtension(type, schema.get(), (ObjectNode) value, document, ignored);
				}
				continue;
			}
			Optional<ResolvedAttribute> attribute = resolveKey(type, key);
			if (attribute.isEmpty()) {
				ignored.add(key);
				continue;
			}
			set(document, attribute.get(), value);
		}
		if (!ignored.isEmpty() && log.isDebugEnabled()) {
			log.debug("Ignored attributes the {} schemas do not define: {}", type.name(), ignored);
		}
		requireAttributes(type, document);
		return document;
	}

	private static void readExtension(ScimResourceType type, SchemaResource schema, ObjectNode extension,
			ObjectNode document, List<String> ignored) throws BadRequestException {
		var fields = extension.properties().iterator();
		while (fields.hasNext()) {
			var field = fields.next();
			Optional<ResolvedAttribute> attribute = resolveKey(type, schema.getId() + ":" + field.getKey());
			if (attribute.isEmpty()) {
				ignored.add(schema.getId() + ":" + field.getKey());
				continue;
			}
			set(document, attribute.get(), field.getValue());
		}
	}

	/**
	 * A body key as an attribute: a plain name, a URN-qualified name or a dotted
	 * {@code name.givenName}. Empty when it names nothing we keep.
	 */
	public static Optional<ResolvedAttribute> resolveKey(ScimResourceType type, String key) {
		if (key.equalsIgnoreCase("schemas")) {
			return Optional.empty();
		}
		try {
			ResolvedAttribute attribute = AttributeResolver.resolve(type, Path.fromString(key));
			if (attribute.valueFilter() != null || attribute.attribute().getMutability() == Mutability.READ_ONLY
					|| (attribute.hasSubAttribute() && attribute.isMultiValued())) {
				return Optional.empty();
			}
			return Optional.of(attribute);
		}
		catch (BadRequestException ex) {
			return Optional.empty();
		}
	}

	private static void set(ObjectNode document, ResolvedAttribute attribute, JsonNode value)
			throws BadRequestException {
		JsonNode normalized = AttributeValues.normalize(attribute.target(), value, attribute.describe());
		if (normalized != null) {
			ResourceDocument.put(document, attribute, normalized);
		}
	}

	private static void requireAttributes(ScimResourceType type, ObjectNode document) throws BadRequestException {
		if (type == ScimSchemas.USER && !document.hasNonNull("userName")) {
			throw BadRequestException.invalidValue("userName is required (Entra sends the user principal name)");
		}
		if (type == ScimSchemas.GROUP && !document.hasNonNull("displayName")) {
			throw BadRequestException.invalidValue("displayName is required for a group");
		}
	}

	/** Checks, after a PATCH, that required attributes are still there. */
	public static void checkRequired(ScimResourceType type, ObjectNode document) throws BadRequestException {
		requireAttributes(type, document);
	}

}
