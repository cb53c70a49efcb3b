package app.provisioning.scim.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.utils.SchemaUtils;
import com.unboundid.scim2.server.utils.ResourceTypeDefinition;

/**
 * One SCIM resource type the server serves (User or Group): its endpoint, its core schema
 * and its extensions, with case-insensitive attribute lookup (RFC 7643 §2.1).
 */
public final class ScimResourceType {

	private final String name;

	private final String endpoint;

	private final SchemaResource coreSchema;

	private final Map<String, SchemaResource> extensionsByLowerUrn = new LinkedHashMap<>();

	private final Map<String, AttributeDefinition> coreAttributes;

	private final ResourceTypeDefinition definition;

	ScimResourceType(String name, String description, String endpoint, SchemaResource coreSchema,
			List<SchemaResource> extensions) {
		this.name = name;
		this.endpoint = endpoint;
		this.coreSchema = coreSchema;
		List<AttributeDefinition> core = new ArrayList<>(SchemaUtils.COMMON_ATTRIBUTE_DEFINITIONS);
		core.addAll(coreSchema.getAttributes());
		this.coreAttributes = byLowerName(core);
		ResourceTypeDefinition.Builder builder = new ResourceTypeDefinition.Builder(name, endpoint)
			.setDescription(description)
			.setCoreSchema(coreSchema);
		for (SchemaResource extension : extensions) {
			this.extensionsByLowerUrn.put(lower(extension.getId()), extension);
			builder.addOptionalSchemaExtension(extension);
		}
		this.definition = builder.build();
	}

	public String name() {
		return this.name;
	}

	/** Endpoint relative to the SCIM base, e.g. {@code /Users}. */
	public String endpoint() {
		return this.endpoint;
	}

	public String coreSchemaUrn() {
		return this.coreSchema.getId();
	}

	public SchemaResource coreSchema() {
		return this.coreSchema;
	}

	public Collection<SchemaResource> extensions() {
		return this.extensionsByLowerUrn.values();
	}

	public ResourceTypeDefinition definition() {
		return this.definition;
	}

	/** The schema with this URN (core or extension), matched case-insensitively. */
	public Optional<SchemaResource> schema(String urn) {
		if (urn == null) {
			return Optional.empty();
		}
		if (urn.equalsIgnoreCase(this.coreSchema.getId())) {
			return Optional.of(this.coreSchema);
		}
		return Optional.ofNullable(this.extensionsByLowerUrn.get(lower(urn)));
	}

	boolean isCore(SchemaResource schema) {
		return schema == this.coreSchema;
	}

	Optional<AttributeDefinition> coreAttribute(String attributeName) {
		return Optional.ofNullable(this.coreAttributes.get(lower(attributeName)));
	}

	static Optional<AttributeDefinition> attribute(SchemaResource schema, String attributeName) {
		return find(schema.getAttributes(), attributeName);
	}

	static Optional<AttributeDefinition> find(Collection<AttributeDefinition> definitions, String attributeName) {
		if (definitions == null || attributeName == null) {
			return Optional.empty();
		}
		for (AttributeDefinition definition : definitions) {
			if (definition.getName().equalsIgnoreCase(attributeName)) {
				return Optional.of(definition);
			}
		}
		return Optional.empty();
	}

	private static Map<String, AttributeDefinition> byLowerName(Collection<AttributeDefinition> definitions) {
		Map<String, AttributeDefinition> map = new LinkedHashMap<>();
		for (AttributeDefinition definition : definitions) {
			map.put(lower(definition.getName()), definition);
		}
		return map;
	}

	static String lower(String value) {
		return value.toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
