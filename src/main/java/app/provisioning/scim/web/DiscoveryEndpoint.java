package app.provisioning.scim.web;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.types.AuthenticationScheme;
import com.unboundid.scim2.common.types.BulkConfig;
import com.unboundid.scim2.common.types.ChangePasswordConfig;
import com.unboundid.scim2.common.types.ETagConfig;
import com.unboundid.scim2.common.types.FilterConfig;
import com.unboundid.scim2.common.types.PaginationConfig;
import com.unboundid.scim2.common.types.PatchConfig;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.SortConfig;
import com.unboundid.scim2.common.utils.JsonUtils;

import app.provisioning.scim.ScimProperties;
import app.provisioning.scim.schema.ScimResourceType;
import app.provisioning.scim.schema.ScimSchemaUrns;
import app.provisioning.scim.schema.ScimSchemas;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Discovery (RFC 7644 §4): exactly what this server supports. Entra reads /Schemas when
 * an administrator opens the attribute mappings; the gallery checklist requires all
 * three.
 */
@RestController
@RequestMapping(ResourceEndpoint.BASE_PATH)
class DiscoveryEndpoint {

	private final ScimProperties limits;

	DiscoveryEndpoint(ScimProperties limits) {
		this.limits = limits;
	}

	/** {@code /serviceConfiguration} is what Microsoft's reference client calls. */
	@GetMapping({ "/ServiceProviderConfig", "/serviceConfiguration" })
	JsonNode serviceProviderConfig() {
		AuthenticationScheme bearer = new AuthenticationScheme("OAuth Bearer Token",
				"Authentication with the account's SCIM secret token sent as 'Authorization: Bearer <token>'",
				URI.create("https://www.rfc-editor.org/info/rfc6750"), null, "oauthbearertoken", true);
		ServiceProviderConfigResource config = new ServiceProviderConfigResource(null, new PatchConfig(true),
				new BulkConfig(false, 0, 0), new FilterConfig(true, this.limits.maxPageSize()),
				new ChangePasswordConfig(false), new SortConfig(true), new ETagConfig(true), new PaginationConfig(true,
						true, "index", this.limits.defaultPageSize(), this.limits.maxPageSize(), null),
				List.of(bearer));
		ObjectNode node = JsonUtils.valueToNode(config);
		node.remove("documentationUri");
		withMeta(node, "ServiceProviderConfig", ResourceEndpoint.baseUrl() + "/ServiceProviderConfig");
		return node;
	}

	@GetMapping("/ResourceTypes")
	JsonNode resourceTypes() {
		ArrayNode resources = JsonNodeFactory.instance.arrayNode();
		for (ScimResourceType type : ScimSchemas.resourceTypes()) {
			resources.add(resourceType(type));
		}
		return listResponse(resources);
	}

	@GetMapping("/ResourceTypes/{name}")
	JsonNode resourceType(@PathVariable String name) throws ResourceNotFoundException {
		return resourceType(ScimSchemas.resourceTypeByName(name)
			.orElseThrow(
					() -> new ResourceNotFoundException("No resource type '" + name + "'; there are User and Group")));
	}

	@GetMapping("/Schemas")
	JsonNode schemas() {
		ArrayNode resources = JsonNodeFactory.instance.arrayNode();
		for (SchemaResource schema : ScimSchemas.all()) {
			resources.add(schema(schema));
		}
		return listResponse(resources);
	}

	@GetMapping("/Schemas/{id}")
	JsonNode schema(@PathVariable String id) throws ResourceNotFoundException {
		return schema(ScimSchemas.byId(id)
			.orElseThrow(() -> new ResourceNotFoundException("No schema '" + id + "'; GET /Schemas lists them")));
	}

	private ObjectNode resourceType(ScimResourceType type) {
		ObjectNode node = JsonUtils.valueToNode(type.definition().toScimResource());
		return withMeta(node, "ResourceType", ResourceEndpoint.baseUrl() + "/ResourceTypes/" + type.name());
	}

	private ObjectNode schema(SchemaResource schema) {
		ObjectNode node = JsonUtils.valueToNode(schema);
		return withMeta(node, "Schema", ResourceEndpoint.baseUrl() + "/Schemas/" + schema.getId());
	}

	private static ObjectNode withMeta(ObjectNode node, String resourceType, String location) {
		ObjectNode meta = node.putObject("meta");
		meta.put("resourceType", resourceType);
		meta.put("location", location);
		return node;
	}

	private static ObjectNode listResponse(ArrayNode resources) {
		ObjectNode response = JsonNodeFactory.instance.objectNode();
		response.putArray("schemas").add(ScimSchemaUrns.LIST_RESPONSE);
		response.put("totalResults", resources.size());
		response.put("itemsPerPage", resources.size());
		response.put("startIndex", 1);
		response.set("Resources", resources);
		return response;
	}

}
