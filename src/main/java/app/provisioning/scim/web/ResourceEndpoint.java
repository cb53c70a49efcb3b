package app.provisioning.scim.web;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;

import app.provisioning.scim.ScimMediaTypes;
import app.provisioning.scim.ScimProperties;
import app.provisioning.scim.ScimResources;
import app.provisioning.scim.ScimTenant;
import app.provisioning.scim.StoredResource;
import app.provisioning.scim.query.AttributeSelection;
import app.provisioning.scim.query.ListRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The HTTP face of one resource type (RFC 7644 §3). Each method parses, delegates to
 * {@link ScimResources} and renders; nothing else.
 */
abstract class ResourceEndpoint {

	static final String BASE_PATH = "/scim/v2";

	private final ScimResources resources;

	private final ScimProperties limits;

	ResourceEndpoint(ScimResources resources, ScimProperties limits) {
		this.resources = resources;
		this.limits = limits;
	}

	// The collection also answers with a trailing slash (/Users/): Microsoft's reference
	// SCIM test collection sends it so.
	@PostMapping(path = { "", "/" }, consumes = { ScimMediaTypes.SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<JsonNode> create(@AuthenticationPrincipal ScimTenant tenant, @RequestBody ObjectNode body)
			throws ScimException {
		StoredResource created = this.resources.create(tenant, body);
		ObjectNode rendered = this.resources.render(created, baseUrl());
		return ResponseEntity.created(URI.create(rendered.get("meta").get("location").asText()))
			.eTag(created.etag())
			.body(rendered);
	}

	@GetMapping("/{id}")
	ResponseEntity<JsonNode> get(@AuthenticationPrincipal ScimTenant tenant, @PathVariable String id,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes,
			@RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) throws ScimException {
		AttributeSelection selection = AttributeSelection.of(this.resources.type(), attributes, excludedAttributes);
		StoredResource stored = this.resources.get(tenant, id, selection, ifNoneMatch);
		return ResponseEntity.ok()
			.eTag(stored.etag())
			.body(selection.apply(this.resources.render(stored, baseUrl()), this.resources.type()));
	}

	@GetMapping({ "", "/" })
	ResponseEntity<JsonNode> list(@AuthenticationPrincipal ScimTenant tenant,
			@RequestParam(required = false) String filter, @RequestParam(required = false) String sortBy,
			@RequestParam(required = false) String sortOrder, @RequestParam(required = false) String startIndex,
			@RequestParam(required = false) String count, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes) throws ScimException {
		ListRequest request = ListRequest.of(this.resources.type(), this.limits, filter, sortBy, sortOrder, startIndex,
				count, cursor, attributes, excludedAttributes);
		return ResponseEntity.ok(this.resources.list(tenant, request, baseUrl()));
	}

	@PostMapping(path = "/.search", consumes = { ScimMediaTypes.SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<JsonNode> search(@AuthenticationPrincipal ScimTenant tenant, @RequestBody ObjectNode body)
			throws ScimException {
		ListRequest request = ListRequest.ofSearchBody(this.resources.type(), this.limits, body);
		return ResponseEntity.ok(this.resources.list(tenant, request, baseUrl()));
	}

	@PutMapping(path = "/{id}", consumes = { ScimMediaTypes.SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<JsonNode> replace(@AuthenticationPrincipal ScimTenant tenant, @PathVariable String id,
			@RequestBody ObjectNode body, @RequestHeader(name = "If-Match", required = false) String ifMatch)
			throws ScimException {
		StoredResource stored = this.resources.replace(tenant, id, body, ifMatch);
		return ResponseEntity.ok().eTag(stored.etag()).body(this.resources.render(stored, baseUrl()));
	}

	@PatchMapping(path = "/{id}", consumes = { ScimMediaTypes.SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE })
	ResponseEntity<JsonNode> patch(@AuthenticationPrincipal ScimTenant tenant, @PathVariable String id,
			@RequestBody ObjectNode body, @RequestHeader(name = "If-Match", required = false) String ifMatch,
			@RequestParam(required = false) String attributes,
			@RequestParam(required = false) String excludedAttributes) throws ScimException {
		AttributeSelection selection = AttributeSelection.of(this.resources.type(), attributes, excludedAttributes);
		boolean answerWithBody = answersPatchWithBody() || !selection.isDefault();
		StoredResource stored = this.resources.patch(tenant, id, body, ifMatch,
				answerWithBody && selection.returns("members"));
		if (!answerWithBody) {
			return ResponseEntity.noContent().eTag(stored.etag()).build();
		}
		return ResponseEntity.ok()
			.eTag(stored.etag())
			.body(selection.apply(this.resources.render(stored, baseUrl()), this.resources.type()));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal ScimTenant tenant, @PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) throws ScimException {
		this.resources.delete(tenant, id, ifMatch);
		return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
	}

	/**
	 * Whether a PATCH without {@code attributes} answers 200 with the resource (users) or
	 * 204 (groups: a membership PATCH must stay cheap on a 100,000-member group).
	 */
	abstract boolean answersPatchWithBody();

	static String baseUrl() {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path(BASE_PATH).toUriString();
	}

}
