package app.provisioning.scim.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.SchemaResource;

import app.provisioning.scim.patch.ValueFilterMatcher;
import app.provisioning.scim.schema.AttributeResolver;
import app.provisioning.scim.schema.ResolvedAttribute;
import app.provisioning.scim.schema.ScimResourceType;

/**
 * The {@code attributes} / {@code excludedAttributes} parameters (RFC 7644 §3.4.2.5).
 * {@code id} and {@code schemas} are always returned. Names that no schema defines select
 * nothing, as the RFC's "MAY ignore" allows.
 * <p>
 * Leniency for Microsoft's reference SCIM test collection: the RFC's {@code attributes}
 * names attributes, without value filters, but the collection asks for
 * {@code attributes=emails[type eq "work"]}; such an entry returns the attribute with the
 * values its filter matches. In {@code excludedAttributes} a value filter still selects
 * nothing.
 */
public final class AttributeSelection {

	private static final AttributeSelection ALL = new AttributeSelection(List.of(), List.of(), List.of(), List.of());

	private final List<ResolvedAttribute> included;

	private final List<String> includedSchemas;

	private final List<ResolvedAttribute> excluded;

	private final List<String> excludedSchemas;

	private AttributeSelection(List<ResolvedAttribute> included, List<String> includedSchemas,
			List<ResolvedAttribute> excluded, List<String> excludedSchemas) {
		this.included = included;
		this.includedSchemas = includedSchemas;
		this.excluded = excluded;
		this.excludedSchemas = excludedSchemas;
	}

	public static AttributeSelection all() {
		return ALL;
	}

	public static AttributeSelection of(ScimResourceType type, String attributes, String excludedAttributes) {
		List<ResolvedAttribute> included = new ArrayList<>();
		List<String> includedSchemas = new ArrayList<>();
		List<ResolvedAttribute> excluded = new ArrayList<>();
		List<String> excludedSchemas = new ArrayList<>();
		parse(type, attributes, included, includedSchemas, true);
		parse(type, excludedAttributes, excluded, excludedSchemas, false);
		if (attributes != null && !attributes.isBlank() && included.isEmpty() && includedSchemas.isEmpty()) {
			includedSchemas.add("(none)");
		}
		return new AttributeSelection(included, includedSchemas, excluded, excludedSchemas);
	}

	private static void parse(ScimResourceType type, String list, List<ResolvedAttribute> attributes,
			List<String> schemas, boolean valueFilters) {
		if (list == null || list.isBlank()) {
			return;
		}
		for (String name : list.split(",")) {
			String trimmed = name.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			Optional<SchemaResource> schema = type.schema(trimmed);
			if (schema.isPresent()) {
				schemas.add(schema.get().getId());
				continue;
			}
			try {
				ResolvedAttribute attribute = AttributeResolver.resolve(type, Path.fromString(trimmed));
				if (attribute.valueFilter() == null || (valueFilters && attribute.attribute().isMultiValued())) {
					attributes.add(attribute);
				}
			}
			catch (BadRequestException ex) {
				// an unknown name selects nothing
			}
		}
	}

	/**
	 * Whether {@code name} (a core attribute such as members) will appear in the
	 * response.
	 */
	public boolean returns(String name) {
		if (this.excluded.stream().anyMatch((a) -> !a.inExtension() && !a.hasSubAttribute() && a.name().equals(name))) {
			return false;
		}
		if (this.included.isEmpty() && this.includedSchemas.isEmpty()) {
			return true;
		}
		return this.included.stream().anyMatch((a) -> !a.inExtension() && a.name().equals(name));
	}

	public boolean isDefault() {
		return this == ALL || (this.included.isEmpty() && this.includedSchemas.isEmpty() && this.excluded.isEmpty()
				&& this.excludedSchemas.isEmpty());
	}

	/** Trims a rendered resource in place. */
	public ObjectNode apply(ObjectNode resource, ScimResourceType type) {
		if (isDefault()) {
			return resource;
		}
		if (!this.included.isEmpty() || !this.includedSchemas.isEmpty()) {
			ObjectNode kept = resource.objectNode();
			copy(resource, kept, "schemas");
			copy(resource, kept, "id");
			for (String schema : this.includedSchemas) {
				copy(resource, kept, schema);
			}
			for (ResolvedAttribute attribute : this.included) {
				include(resource, kept, attribute);
			}
			resource.removeAll();
			resource.setAll(kept);
		}
		for (String schema : this.excludedSchemas) {
			resource.remove(schema);
		}
		for (ResolvedAttribute attribute : this.excluded) {
			exclude(resource, attribute);
		}
		dropAbsentExtensionsFromSchemas(resource, type);
		return resource;
	}

	/**
	 * {@code schemas} names the extensions the trimmed resource still carries, no others.
	 */
	private static void dropAbsentExtensionsFromSchemas(ObjectNode resource, ScimResourceType type) {
		JsonNode schemas = resource.get("schemas");
		if (schemas == null || !schemas.isArray()) {
			return;
		}
		var elements = ((com.fasterxml.jackson.databind.node.ArrayNode) schemas).elements();
		while (elements.hasNext()) {
			String urn = elements.next().asText();
			if (!urn.equals(type.coreSchemaUrn()) && !resource.has(urn)) {
				elements.remove();
			}
		}
	}

	private static void copy(ObjectNode from, ObjectNode to, String name) {
		JsonNode value = from.get(name);
		if (value != null) {
			to.set(name, value);
		}
	}

	private static void include(ObjectNode from, ObjectNode to, ResolvedAttribute attribute) {
		ObjectNode source = attribute.inExtension() ? (ObjectNode) from.get(attribute.schemaUrn()) : from;
		if (source == null || !source.has(attribute.name())) {
			return;
		}
		ObjectNode target = attribute.inExtension() ? withObject(to, attribute.schemaUrn()) : to;
		JsonNode value = source.get(attribute.name());
		if (attribute.valueFilter() != null) {
			value = matching(value, attribute);
			if (value.isEmpty()) {
				return;
			}
		}
		if (!attribute.hasSubAttribute()) {
			target.set(attribute.name(), value);
			return;
		}
		String sub = attribute.subAttribute().getName();
		if (value.isArray()) {
			var elements = target.has(attribute.name()) && target.get(attribute.name()).isArray()
					? (com.fasterxml.jackson.databind.node.ArrayNode) target.get(attribute.name())
					: target.putArray(attribute.name());
			boolean fresh = elements.isEmpty();
			int index = 0;
			for (JsonNode element : value) {
				ObjectNode projected = fresh ? elements.addObject() : (ObjectNode) elements.get(index++);
				if (element.has(sub)) {
					projected.set(sub, element.get(sub));
				}
			}
		}
		else if (value.has(sub)) {
			withObject(target, attribute.name()).set(sub, value.get(sub));
		}
	}

	/** The values of a multi-valued attribute that its value filter matches. */
	private static JsonNode matching(JsonNode values, ResolvedAttribute attribute) {
		com.fasterxml.jackson.databind.node.ArrayNode kept = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
			.arrayNode();
		if (!values.isArray()) {
			return kept;
		}
		for (JsonNode element : values) {
			try {
				if (ValueFilterMatcher.matches(attribute.valueFilter(), element, attribute.attribute())) {
					kept.add(element);
				}
			}
			catch (BadRequestException ex) {
				// a value the filter cannot compare (a type mismatch) is not a match
			}
		}
		return kept;
	}

	private static void exclude(ObjectNode resource, ResolvedAttribute attribute) {
		if ((attribute.name().equals("id") || attribute.name().equals("schemas")) && !attribute.inExtension()) {
			return;
		}
		ObjectNode container = attribute.inExtension() ? (ObjectNode) resource.get(attribute.schemaUrn()) : resource;
		if (container == null) {
			return;
		}
		if (!attribute.hasSubAttribute()) {
			container.remove(attribute.name());
		}
		else {
			JsonNode value = container.get(attribute.name());
			if (value instanceof ObjectNode object) {
				object.remove(attribute.subAttribute().getName());
			}
			else if (value != null && value.isArray()) {
				value.forEach((element) -> ((ObjectNode) element).remove(attribute.subAttribute().getName()));
			}
		}
	}

	private static ObjectNode withObject(ObjectNode parent, String name) {
		JsonNode existing = parent.get(name);
		return (existing instanceof ObjectNode object) ? object : parent.putObject(name);
	}

}
