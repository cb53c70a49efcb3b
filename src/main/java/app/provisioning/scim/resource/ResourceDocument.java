package app.provisioning.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.scim.schema.ResolvedAttribute;

/**
 * The canonical stored form of a resource: core attributes at the top level, extension
 * attributes under their schema URN, canonical names, no empty values, no id or meta.
 */
public final class ResourceDocument {

	private ResourceDocument() {
	}

	/** The object holding the attribute: the document itself, or its extension object. */
	public static ObjectNode container(ObjectNode document, ResolvedAttribute attribute, boolean create) {
		if (!attribute.inExtension()) {
			return document;
		}
		JsonNode existing = document.get(attribute.schemaUrn());
		if (existing instanceof ObjectNode object) {
			return object;
		}
		return create ? document.putObject(attribute.schemaUrn()) : null;
	}

	/**
	 * Sets (or, for a null value, removes) the attribute or sub-attribute of a
	 * single-valued complex.
	 */
	public static void put(ObjectNode document, ResolvedAttribute attribute, JsonNode value) {
		ObjectNode container = container(document, attribute, value != null);
		if (container == null) {
			return;
		}
		if (attribute.hasSubAttribute()) {
			JsonNode complex = container.get(attribute.name());
			if (value == null) {
				if (complex instanceof ObjectNode object) {
					object.remove(attribute.subAttribute().getName());
					if (object.isEmpty()) {
						container.remove(attribute.name());
					}
				}
			}
			else {
				ObjectNode object = (complex instanceof ObjectNode existing) ? existing
						: container.putObject(attribute.name());
				object.set(attribute.subAttribute().getName(), value);
			}
		}
		else if (value == null) {
			container.remove(attribute.name());
		}
		else {
			container.set(attribute.name(), value);
		}
		dropEmptyExtensions(document, attribute);
	}

	public static JsonNode get(ObjectNode document, ResolvedAttribute attribute) {
		ObjectNode container = container(document, attribute, false);
		return (container != null) ? container.get(attribute.name()) : null;
	}

	public static void dropEmptyExtensions(ObjectNode document, ResolvedAttribute attribute) {
		if (attribute.inExtension()) {
			JsonNode extension = document.get(attribute.schemaUrn());
			if (extension != null && extension.isEmpty()) {
				document.remove(attribute.schemaUrn());
			}
		}
	}

}
