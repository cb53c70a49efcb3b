package app.provisioning.scim.schema;

import java.util.Optional;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import com.unboundid.scim2.common.types.SchemaResource;

/**
 * Checks attribute paths (from filters, PATCH paths, sortBy and attributes parameters)
 * against a resource type's schemas and returns them in canonical form.
 */
public final class AttributeResolver {

	private AttributeResolver() {
	}

	/**
	 * Resolves a path or explains, in a message a person can act on, why it names
	 * nothing.
	 * @throws BadRequestException with {@code invalidPath}; filter callers re-wrap it
	 */
	public static ResolvedAttribute resolve(ScimResourceType type, Path path) throws BadRequestException {
		if (path.size() == 0) {
			throw BadRequestException.invalidPath("'" + path + "' names a schema, not an attribute");
		}
		if (path.size() > 2) {
			throw BadRequestException
				.invalidPath("'" + path + "' is nested too deeply: SCIM paths are attribute or attribute.subAttribute");
		}
		Path.Element first = path.getElement(0);
		String schemaUrn = null;
		AttributeDefinition attribute;
		if (path.getSchemaUrn() != null) {
			SchemaResource schema = type.schema(path.getSchemaUrn())
				.orElseThrow(() -> new UnknownAttributeException(
						"Unknown schema '" + path.getSchemaUrn() + "' for " + type.name() + " resources"));
			attribute = ScimResourceType.attribute(schema, first.getAttribute())
				.orElseThrow(() -> unknownAttribute(type, path));
			schemaUrn = type.isCore(schema) ? null : schema.getId();
		}
		else {
			Optional<AttributeDefinition> core = type.coreAttribute(first.getAttribute());
			if (core.isPresent()) {
				attribute = core.get();
			}
			else {
				SchemaResource extension = extensionDefining(type, first.getAttribute())
					.orElseThrow(() -> unknownAttribute(type, path));
				attribute = ScimResourceType.attribute(extension, first.getAttribute()).orElseThrow();
				schemaUrn = extension.getId();
			}
		}
		if (first.getValueFilter() != null && attribute.getType() != Type.COMPLEX) {
			throw BadRequestException.invalidPath("'" + attribute.getName()
					+ "' is not a complex attribute, so it cannot take a value filter in '" + path + "'");
		}
		AttributeDefinition sub = null;
		if (path.size() == 2) {
			Path.Element second = path.getElement(1);
			if (second.getValueFilter() != null) {
				throw BadRequestException
					.invalidPath("A value filter is only allowed on the first attribute of '" + path + "'");
			}
			if (attribute.getType() != Type.COMPLEX) {
				throw BadRequestException.invalidPath(
						"'" + attribute.getName() + "' has no sub-attributes, so '" + path + "' names nothing");
			}
			sub = ScimResourceType.find(attribute.getSubAttributes(), second.getAttribute())
				.orElseThrow(() -> BadRequestException
					.invalidPath("'" + attribute.getName() + "' has no sub-attribute '" + second.getAttribute() + "'"));
		}
		return new ResolvedAttribute(schemaUrn, attribute, first.getValueFilter(), sub);
	}

	/** Resolves a sub-attribute name of a complex attribute (inside a value filter). */
	public static AttributeDefinition subAttribute(AttributeDefinition complex, String name)
			throws BadRequestException {
		return ScimResourceType.find(complex.getSubAttributes(), name)
			.orElseThrow(() -> BadRequestException
				.invalidPath("'" + complex.getName() + "' has no sub-attribute '" + name + "'"));
	}

	/**
	 * Entra leniency: Entra (and Microsoft's older docs) name extension attributes such
	 * as {@code manager} without their schema URN, e.g. {@code filter=manager eq "…"}.
	 * When the core schema lacks the name, the first extension that defines it is meant.
	 */
	private static Optional<SchemaResource> extensionDefining(ScimResourceType type, String attributeName) {
		return type.extensions()
			.stream()
			.filter((schema) -> ScimResourceType.attribute(schema, attributeName).isPresent())
			.findFirst();
	}

	private static BadRequestException unknownAttribute(ScimResourceType type, Path path) {
		return new UnknownAttributeException("Unknown attribute '" + path + "' for " + type.name()
				+ " resources (see /Schemas for what is supported)");
	}

}
