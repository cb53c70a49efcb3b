package app.provisioning.scim.resource;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.SchemaResource;

import app.provisioning.scim.StoredResource;
import app.provisioning.scim.schema.ScimResourceType;
import app.provisioning.scim.schema.ScimSchemas;

/** Builds the wire form of a stored resource: schemas, id, attributes, members, meta. */
public final class ResourceRenderer {

	private ResourceRenderer() {
	}

	public static ObjectNode render(ScimResourceType type, StoredResource stored, String scimBaseUrl) {
		ObjectNode resource = JsonNodeFactory.instance.objectNode();
		ArrayNode schemas = resource.putArray("schemas");
		schemas.add(type.coreSchemaUrn());
		for (SchemaResource extension : type.extensions()) {
			if (stored.attributes().has(extension.getId())) {
				schemas.add(extension.getId());
			}
		}
		resource.put("id", stored.id());
		JsonNode externalId = stored.attributes().get("externalId");
		if (externalId != null) {
			resource.set("externalId", externalId);
		}
		var fields = stored.attributes().properties().iterator();
		while (fields.hasNext()) {
			var field = fields.next();
			if (!field.getKey().equals("externalId")) {
				resource.set(field.getKey(), field.getValue());
			}
		}
		if (type == ScimSchemas.GROUP && stored.members() != null) {
			resource.set("members", members(stored.members(), scimBaseUrl));
		}
		ObjectNode meta = resource.putObject("meta");
		meta.put("resourceType", type.name());
		meta.put("created", format(stored.created()));
		meta.put("lastModified", format(stored.lastModified()));
		meta.put("location", location(type, stored.id(), scimBaseUrl));
		meta.put("version", stored.etag());
		return resource;
	}

	public static String location(ScimResourceType type, String id, String scimBaseUrl) {
		return scimBaseUrl + type.endpoint() + "/" + id;
	}

	private static ArrayNode members(List<StoredResource.Member> members, String scimBaseUrl) {
		ArrayNode array = JsonNodeFactory.instance.arrayNode(members.size());
		for (StoredResource.Member member : members) {
			ObjectNode node = array.addObject();
			node.put("value", member.id());
			node.put("$ref", scimBaseUrl + ("Group".equals(member.type()) ? "/Groups/" : "/Users/") + member.id());
			node.put("type", member.type());
			if (member.display() != null) {
				node.put("display", member.display());
			}
		}
		return array;
	}

	private static String format(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant);
	}

}
