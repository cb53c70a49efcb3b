package app.provisioning.scim.schema;

import java.beans.IntrospectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.SchemaUtils;

/**
 * The schemas and resource types this server publishes and enforces. Core User, Group and
 * the enterprise extension come from the SDK's annotated model; attributes we do not
 * serve are removed so that /Schemas describes exactly what works.
 */
public final class ScimSchemas {

	public static final ScimResourceType USER;

	public static final ScimResourceType GROUP;

	/**
	 * User attributes the server does not keep: read-only groups and write-only password.
	 */
	private static final List<String> UNSUPPORTED_USER_ATTRIBUTES = List.of("groups", "password");

	static {
		SchemaResource user = without(schemaOf(UserResource.class), UNSUPPORTED_USER_ATTRIBUTES);
		SchemaResource enterprise = schemaOf(EnterpriseUserExtension.class);
		// Group names are unique per account here (Entra matches groups by displayName).
		SchemaResource group = withServerUniqueness(schemaOf(GroupResource.class), "displayName");
		USER = new ScimResourceType("User", "User accounts", "/Users", user,
				List.of(enterprise, EntraUserExtension.schema()));
		GROUP = new ScimResourceType("Group", "Groups", "/Groups", group, List.of());
	}

	private ScimSchemas() {
	}

	public static List<ScimResourceType> resourceTypes() {
		return List.of(USER, GROUP);
	}

	public static List<SchemaResource> all() {
		List<SchemaResource> schemas = new ArrayList<>();
		for (ScimResourceType type : resourceTypes()) {
			schemas.add(type.coreSchema());
			schemas.addAll(type.extensions());
		}
		return schemas;
	}

	public static Optional<SchemaResource> byId(String urn) {
		return all().stream().filter((schema) -> schema.getId().equalsIgnoreCase(urn)).findFirst();
	}

	public static Optional<ScimResourceType> resourceTypeByName(String name) {
		return resourceTypes().stream().filter((type) -> type.name().equalsIgnoreCase(name)).findFirst();
	}

	private static SchemaResource schemaOf(Class<?> modelClass) {
		try {
			return SchemaUtils.getSchema(modelClass);
		}
		catch (IntrospectionException ex) {
			throw new IllegalStateException("Cannot read the SCIM schema of " + modelClass.getName(), ex);
		}
	}

	private static SchemaResource withServerUniqueness(SchemaResource schema, String name) {
		List<AttributeDefinition> attributes = schema.getAttributes().stream().map((attribute) -> {
			if (!attribute.getName().equals(name)) {
				return attribute;
			}
			AttributeDefinition.Builder builder = new AttributeDefinition.Builder().setName(attribute.getName())
				.setType(attribute.getType())
				.setDescription(attribute.getDescription())
				.setRequired(attribute.isRequired())
				.setCaseExact(attribute.isCaseExact())
				.setMultiValued(attribute.isMultiValued())
				.setMutability(attribute.getMutability())
				.setReturned(attribute.getReturned())
				.setUniqueness(AttributeDefinition.Uniqueness.SERVER);
			return builder.build();
		}).toList();
		return new SchemaResource(schema.getId(), schema.getName(), schema.getDescription(), attributes);
	}

	private static SchemaResource without(SchemaResource schema, List<String> names) {
		List<AttributeDefinition> kept = schema.getAttributes()
			.stream()
			.filter((attribute) -> names.stream().noneMatch(attribute.getName()::equalsIgnoreCase))
			.toList();
		return new SchemaResource(schema.getId(), schema.getName(), schema.getDescription(), kept);
	}

}
