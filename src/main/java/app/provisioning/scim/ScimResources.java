package app.provisioning.scim;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.NotModifiedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;

import app.provisioning.scim.patch.MembershipChange;
import app.provisioning.scim.patch.PatchApplier;
import app.provisioning.scim.patch.PatchOperation;
import app.provisioning.scim.patch.PatchRequestReader;
import app.provisioning.scim.query.AttributeSelection;
import app.provisioning.scim.query.ListRequest;
import app.provisioning.scim.resource.IncomingResource;
import app.provisioning.scim.resource.ResourceRenderer;
import app.provisioning.scim.schema.ScimResourceType;
import app.provisioning.scim.schema.ScimSchemaUrns;
import app.provisioning.scim.schema.ScimSchemas;

/**
 * The SCIM operations of one resource type (RFC 7644 §3.3–3.6), independent of HTTP: the
 * endpoints parse and render, this class decides, the store persists.
 */
public class ScimResources {

	private final ScimResourceType type;

	private final ResourceStore store;

	private final ScimProperties limits;

	public ScimResources(ScimResourceType type, ResourceStore store, ScimProperties limits) {
		this.type = type;
		this.store = store;
		this.limits = limits;
	}

	public ScimResourceType type() {
		return this.type;
	}

	public StoredResource create(ScimTenant tenant, ObjectNode body) throws ScimException {
		ObjectNode attributes = IncomingResource.read(this.type, body);
		MembershipChange members = membersOf(attributes);
		defaultActive(attributes);
		return this.store.create(tenant.accountId(), attributes, members);
	}

	public StoredResource get(ScimTenant tenant, String id, AttributeSelection selection, String ifNoneMatch)
			throws ScimException {
		StoredResource stored = this.store.find(tenant.accountId(), id, selection.returns("members"))
			.orElseThrow(() -> notFound(id));
		if (ETags.matches(ifNoneMatch, stored.version())) {
			throw new NotModifiedException("Not modified", null, stored.etag(), null);
		}
		return stored;
	}

	public StoredResource replace(ScimTenant tenant, String id, ObjectNode body, String ifMatch) throws ScimException {
		ObjectNode attributes = IncomingResource.read(this.type, body);
		MembershipChange members = membersOf(attributes);
		MembershipChange replacement = (this.type == ScimSchemas.GROUP)
				? ((members != null) ? members : MembershipChange.replaceWith(MembershipChange.Named.ids(List.of())))
				: null;
		return this.store.update(tenant.accountId(), id, ifMatch, (current) -> {
			// A PUT without active must not re-enable a user Entra disabled.
			if (this.type == ScimSchemas.USER && !attributes.has("active")) {
				attributes.set("active", current.has("active") ? current.get("active") : BooleanNode.TRUE);
			}
			return new ResourceStore.ResourceChange.Outcome(attributes, replacement);
		}, true);
	}

	public StoredResource patch(ScimTenant tenant, String id, ObjectNode body, String ifMatch, boolean withMembers)
			throws ScimException {
		List<PatchOperation> operations = PatchRequestReader.read(body, this.limits.maxOperations());
		if ((ifMatch == null || ifMatch.isBlank()) && !withMembers) {
			Optional<MembershipChange> members = PatchApplier.membershipOnly(this.type, operations);
			if (members.isPresent()) {
				return this.store.changeMembers(tenant.accountId(), id, members.get());
			}
		}
		return this.store.update(tenant.accountId(), id, ifMatch, (current) -> {
			PatchApplier.Result result = PatchApplier.apply(this.type, current, operations);
			return new ResourceStore.ResourceChange.Outcome(result.document(), result.membership());
		}, withMembers);
	}

	public void delete(ScimTenant tenant, String id, String ifMatch) throws ScimException {
		this.store.delete(tenant.accountId(), id, ifMatch);
	}

	public ObjectNode list(ScimTenant tenant, ListRequest request, String scimBaseUrl) throws ScimException {
		SearchResult result = this.store.search(tenant.accountId(), request.search());
		ObjectNode response = JsonNodeFactory.instance.objectNode();
		response.putArray("schemas").add(ScimSchemaUrns.LIST_RESPONSE);
		response.put("totalResults", result.totalResults());
		response.put("itemsPerPage", result.resources().size());
		if (request.search().cursorPaging()) {
			if (result.nextCursor() != null) {
				response.put("nextCursor", result.nextCursor());
			}
		}
		else {
			response.put("startIndex", request.search().startIndex());
		}
		ArrayNode resources = response.putArray("Resources");
		for (StoredResource stored : result.resources()) {
			resources.add(request.selection().apply(render(stored, scimBaseUrl), this.type));
		}
		return response;
	}

	public ObjectNode render(StoredResource stored, String scimBaseUrl) {
		return ResourceRenderer.render(this.type, stored, scimBaseUrl);
	}

	/** Group members are rows, not part of the stored document. */
	private MembershipChange membersOf(ObjectNode attributes) throws BadRequestException {
		if (this.type != ScimSchemas.GROUP) {
			return null;
		}
		JsonNode members = attributes.remove("members");
		if (members == null) {
			return null;
		}
		return MembershipChange.replaceWith(MembershipChange.members(members));
	}

	/** A user provisioned without {@code active} is active; Entra always sends it. */
	private void defaultActive(ObjectNode attributes) {
		if (this.type == ScimSchemas.USER && !attributes.has("active")) {
			attributes.put("active", true);
		}
	}

	private ResourceNotFoundException notFound(String id) {
		return new ResourceNotFoundException(this.type.name() + " " + id + " not found");
	}

}
