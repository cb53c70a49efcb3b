package app.provisioning.scim.patch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.SchemaResource;

import app.provisioning.scim.resource.AttributeValues;
import app.provisioning.scim.resource.IncomingResource;
import app.provisioning.scim.resource.ResourceDocument;
import app.provisioning.scim.schema.AttributeResolver;
import app.provisioning.scim.schema.ResolvedAttribute;
import app.provisioning.scim.schema.ScimResourceType;
import app.provisioning.scim.schema.ScimSchemas;
import app.provisioning.scim.schema.UnknownAttributeException;

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource's canonical document. Group
 * membership is not part of the document: member operations are collected into a
 * {@link MembershipChange} for the store to apply to membership rows.
 * <p>
 * Entra leniencies handled here, each with a test sending Entra's request:
 * <ul>
 * <li>{@code Add}/{@code Replace} on a filtered path that matches nothing creates the
 * element, taking {@code type} (and other {@code eq} terms) from the filter; several
 * operations on sub-attributes of one filtered element merge into that one element.</li>
 * <li>A path-less value may hold dotted keys ({@code "name.givenName"}) and URN-qualified
 * keys; they address attributes, they are not new top-level names.</li>
 * <li>{@code Remove} on {@code members} with a value removes only the listed members (a
 * spec-literal reading would remove all of them).</li>
 * <li>An empty string or null as a value clears the attribute.</li>
 * <li>Attributes no schema defines are ignored, as on create.</li>
 * </ul>
 */
public final class PatchApplier {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private final ScimResourceType type;

	private final ObjectNode document;

	private final MembershipChange membership = new MembershipChange();

	private PatchApplier(ScimResourceType type, ObjectNode document) {
		this.type = type;
		this.document = document;
	}

	/** Result of applying a PATCH: the new document and any membership edits. */
	public record Result(ObjectNode document, MembershipChange membership) {
	}

	public static Result apply(ScimResourceType type, ObjectNode current, List<PatchOperation> operations)
			throws BadRequestException {
		PatchApplier applier = new PatchApplier(type, current.deepCopy());
		for (PatchOperation operation : operations) {
			applier.apply(operation);
		}
		IncomingResource.checkRequired(type, applier.document);
		return new Result(applier.document, applier.membership);
	}

	/**
	 * The membership edits of a group PATCH whose every operation has a {@code members}
	 * path (how Entra changes membership), or empty for any other PATCH. Such a PATCH
	 * does not depend on the group's current document, so it can be applied without
	 * reading it first.
	 */
	public static Optional<MembershipChange> membershipOnly(ScimResourceType type, List<PatchOperation> operations)
			throws BadRequestException {
		if (type != ScimSchemas.GROUP || operations.isEmpty()) {
			return Optional.empty();
		}
		PatchApplier applier = new PatchApplier(type, JSON.objectNode());
		for (PatchOperation operation : operations) {
			if (operation.path() == null) {
				return Optional.empty();
			}
			Optional<ResolvedAttribute> attribute = applier.resolve(operation.path(), operation.rawPath());
			if (attribute.isEmpty() || !attribute.get().name().equals("members")) {
				return Optional.empty();
			}
			applier.applyMembers(operation.op(), attribute.get(), operation.value());
		}
		return Optional.of(applier.membership);
	}

	private void apply(PatchOperation operation) throws BadRequestException {
		if (operation.path() == null) {
			applyPathless(operation);
			return;
		}
		Optional<ResolvedAttribute> attribute = resolve(operation.path(), operation.rawPath());
		if (attribute.isPresent()) {
			applyAt(operation.op(), attribute.get(), operation.value());
		}
	}

	private void applyPathless(PatchOperation operation) throws BadRequestException {
		var fields = operation.value().properties().iterator();
		while (fields.hasNext()) {
			var field = fields.next();
			String key = field.getKey();
			Optional<SchemaResource> schema = this.type.schema(key);
			if (schema.isPresent() && field.getValue().isObject()) {
				var extensionFields = field.getValue().properties().iterator();
				while (extensionFields.hasNext()) {
					var extensionField = extensionFields.next();
					String path = schema.get().getId() + ":" + extensionField.getKey();
					Optional<ResolvedAttribute> attribute = resolveKey(path);
					if (attribute.isPresent()) {
						applyAt(operation.op(), attribute.get(), extensionField.getValue());
					}
				}
				continue;
			}
			Optional<ResolvedAttribute> attribute = resolveKey(key);
			if (attribute.isPresent()) {
				applyAt(operation.op(), attribute.get(), field.getValue());
			}
		}
	}

	private Optional<ResolvedAttribute> resolveKey(String key) throws BadRequestException {
		if (key.equalsIgnoreCase("schemas")) {
			return Optional.empty();
		}
		Path path;
		try {
			path = Path.fromString(key);
		}
		catch (BadRequestException ex) {
			return Optional.empty();
		}
		return resolve(path, key);
	}

	/** Unknown attributes are ignored (Entra sends some); read-only ones are refused. */
	private Optional<ResolvedAttribute> resolve(Path path, String rawPath) throws BadRequestException {
		ResolvedAttribute attribute;
		try {
			attribute = AttributeResolver.resolve(this.type, path);
		}
		catch (UnknownAttributeException ex) {
			return Optional.empty();
		}
		if (attribute.attribute().getMutability() == Mutability.READ_ONLY) {
			throw BadRequestException
				.mutability("Attribute '" + attribute.name() + "' is read-only and cannot be changed");
		}
		return Optional.of(attribute);
	}

	private void applyAt(PatchOperation.Op op, ResolvedAttribute attribute, JsonNode value) throws BadRequestException {
		if (this.type == ScimSchemas.GROUP && attribute.name().equals("members")) {
			applyMembers(op, attribute, value);
		}
		else if (!attribute.isMultiValued() && !attribute.isComplex()) {
			ResourceDocument.put(this.document, attribute,
					(op == PatchOperation.Op.REMOVE) ? null : normalize(attribute.attribute(), value, attribute));
		}
		else if (!attribute.isMultiValued()) {
			applySingleComplex(op, attribute, value);
		}
		else if (attribute.valueFilter() == null && !attribute.hasSubAttribute()) {
			applyWholeMultiValued(op, attribute, value);
		}
		else {
			applyElements(op, attribute, value);
		}
	}

	private void applySingleComplex(PatchOperation.Op op, ResolvedAttribute attribute, JsonNode value)
			throws BadRequestException {
		JsonNode current = ResourceDocument.get(this.document, attribute);
		if (attribute.valueFilter() != null && (current == null
				|| !ValueFilterMatcher.matches(attribute.valueFilter(), current, attribute.attribute()))) {
			return;
		}
		if (attribute.hasSubAttribute()) {
			JsonNode sub = (op == PatchOperation.Op.REMOVE) ? null
					: AttributeValues.normalizeSingle(attribute.subAttribute(), value, attribute.describe());
			ResourceDocument.put(this.document, attribute, sub);
			return;
		}
		ResolvedAttribute whole = attribute.withSubAttribute(null);
		if (op == PatchOperation.Op.REMOVE) {
			ResourceDocument.put(this.document, whole, null);
			return;
		}
		JsonNode normalized = normalize(attribute.attribute(), value, attribute);
		if (op == PatchOperation.Op.ADD && normalized != null && current instanceof ObjectNode existing) {
			ObjectNode merged = existing.deepCopy();
			merged.setAll((ObjectNode) normalized);
			normalized = merged;
		}
		if (op == PatchOperation.Op.ADD && normalized == null) {
			return;
		}
		ResourceDocument.put(this.document, whole, normalized);
	}

	private void applyWholeMultiValued(PatchOperation.Op op, ResolvedAttribute attribute, JsonNode value)
			throws BadRequestException {
		JsonNode current = ResourceDocument.get(this.document, attribute);
		if (op == PatchOperation.Op.REMOVE) {
			if (AttributeValues.isEmpty(value) || !(current instanceof ArrayNode elements)) {
				ResourceDocument.put(this.document, attribute, null);
				return;
			}
			// A remove with a value removes only the listed values, never the whole
			// attribute.
			JsonNode listed = normalize(attribute.attribute(), value, attribute);
			ArrayNode kept = JSON.arrayNode();
			for (JsonNode element : elements) {
				if (!containsValue(listed, element)) {
					kept.add(element);
				}
			}
			ResourceDocument.put(this.document, attribute, kept.isEmpty() ? null : kept);
			return;
		}
		JsonNode normalized = normalize(attribute.attribute(), value, attribute);
		if (op == PatchOperation.Op.REPLACE || !(current instanceof ArrayNode existing)) {
			if (op == PatchOperation.Op.ADD && normalized == null) {
				return;
			}
			ResourceDocument.put(this.document, attribute, normalized);
			return;
		}
		if (normalized == null) {
			return;
		}
		ArrayNode merged = existing.deepCopy();
		for (JsonNode element : normalized) {
			if (!containsValue(merged, element)) {
				if (isPrimary(element)) {
					clearPrimary(merged);
				}
				merged.add(element);
			}
		}
		ResourceDocument.put(this.document, attribute, merged);
	}

	/** Filtered and/or sub-attribute paths into a multi-valued attribute. */
	private void applyElements(PatchOperation.Op op, ResolvedAttribute attribute, JsonNode value)
			throws BadRequestException {
		AttributeDefinition complex = attribute.attribute();
		if (!attribute.isComplex()) {
			throw BadRequestException.invalidPath("'" + attribute.describe() + "' is not a complex attribute");
		}
		JsonNode current = ResourceDocument.get(this.document, attribute);
		ArrayNode elements = (current instanceof ArrayNode array) ? array.deepCopy() : JSON.arrayNode();
		List<ObjectNode> matched = new ArrayList<>();
		for (JsonNode element : elements) {
			if (attribute.valueFilter() == null
					|| ValueFilterMatcher.matches(attribute.valueFilter(), element, complex)) {
				matched.add((ObjectNode) element);
			}
		}
		JsonNode newValue = null;
		if (op != PatchOperation.Op.REMOVE) {
			newValue = attribute.hasSubAttribute()
					? AttributeValues.normalizeSingle(attribute.subAttribute(), value, attribute.describe())
					: AttributeValues.normalizeSingle(complex, value, attribute.describe());
		}
		if (op == PatchOperation.Op.REMOVE || newValue == null) {
			removeMatched(elements, matched, attribute);
		}
		else if (matched.isEmpty()) {
			if (attribute.valueFilter() == null && !attribute.hasSubAttribute()) {
				return;
			}
			ObjectNode created = elementFromFilter(attribute.valueFilter(), complex);
			setInElement(created, attribute, newValue);
			if (isPrimary(created)) {
				clearPrimary(elements);
			}
			elements.add(created);
		}
		else {
			for (ObjectNode element : matched) {
				setInElement(element, attribute, newValue);
			}
		}
		ResourceDocument.put(this.document, attribute.withSubAttribute(null), elements.isEmpty() ? null : elements);
	}

	private static void setInElement(ObjectNode element, ResolvedAttribute attribute, JsonNode newValue) {
		if (attribute.hasSubAttribute()) {
			element.set(attribute.subAttribute().getName(), newValue);
		}
		else {
			element.setAll((ObjectNode) newValue);
		}
	}

	private static void removeMatched(ArrayNode elements, List<ObjectNode> matched, ResolvedAttribute attribute) {
		Iterator<JsonNode> iterator = elements.iterator();
		while (iterator.hasNext()) {
			JsonNode element = iterator.next();
			if (matched.stream().noneMatch((candidate) -> candidate == element)) {
				continue;
			}
			if (attribute.hasSubAttribute()) {
				((ObjectNode) element).remove(attribute.subAttribute().getName());
				if (isHollow(element)) {
					iterator.remove();
				}
			}
			else {
				iterator.remove();
			}
		}
	}

	/** An element left with only {@code type}/{@code primary} carries no information. */
	private static boolean isHollow(JsonNode element) {
		var names = element.fieldNames();
		while (names.hasNext()) {
			String name = names.next();
			if (!name.equals("type") && !name.equals("primary")) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The element an Add/Replace creates when the filter matches nothing: its eq terms
	 * become values.
	 */
	private static ObjectNode elementFromFilter(Filter filter, AttributeDefinition complex) throws BadRequestException {
		ObjectNode element = JSON.objectNode();
		if (filter != null) {
			collectEqualities(filter, complex, element);
		}
		return element;
	}

	private static void collectEqualities(Filter filter, AttributeDefinition complex, ObjectNode element)
			throws BadRequestException {
		if (filter.getFilterType() == FilterType.AND) {
			for (Filter part : filter.getCombinedFilters()) {
				collectEqualities(part, complex, element);
			}
		}
		else if (filter.getFilterType() == FilterType.EQUAL && filter.getAttributePath().size() == 1) {
			AttributeDefinition sub = AttributeResolver.subAttribute(complex,
					filter.getAttributePath().getElement(0).getAttribute());
			JsonNode value = AttributeValues.normalizeSingle(sub, filter.getComparisonValue(),
					complex.getName() + "." + sub.getName());
			if (value != null) {
				element.set(sub.getName(), value);
			}
		}
	}

	private void applyMembers(PatchOperation.Op op, ResolvedAttribute attribute, JsonNode value)
			throws BadRequestException {
		if (attribute.hasSubAttribute()) {
			throw BadRequestException
				.invalidPath("Member sub-attributes cannot be patched; add or remove members by value instead");
		}
		if (attribute.valueFilter() != null) {
			if (op != PatchOperation.Op.REMOVE) {
				throw BadRequestException
					.invalidPath("A filtered members path is supported for remove only: members[value eq \"<id>\"]");
			}
			this.membership.remove(memberIdsIn(attribute.valueFilter()));
			return;
		}
		switch (op) {
			case ADD -> this.membership.add(members(value, attribute));
			case REPLACE -> {
				this.membership.removeAll();
				this.membership.add(members(value, attribute));
			}
			case REMOVE -> {
				if (AttributeValues.isEmpty(value)) {
					this.membership.removeAll();
				}
				else {
					this.membership.remove(members(value, attribute).ids());
				}
			}
		}
	}

	private static MembershipChange.Named members(JsonNode value, ResolvedAttribute attribute)
			throws BadRequestException {
		return MembershipChange.members(AttributeValues.normalize(attribute.attribute(), value, "members"));
	}

	/** {@code members[value eq "a"]}, or several such terms joined with {@code or}. */
	private static List<String> memberIdsIn(Filter filter) throws BadRequestException {
		List<String> ids = new ArrayList<>();
		if (filter.getFilterType() == FilterType.OR) {
			for (Filter part : filter.getCombinedFilters()) {
				ids.addAll(memberIdsIn(part));
			}
			return ids;
		}
		if (filter.getFilterType() == FilterType.EQUAL && filter.getAttributePath().size() == 1
				&& filter.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")
				&& filter.getComparisonValue().isTextual()) {
			ids.add(filter.getComparisonValue().textValue());
			return ids;
		}
		throw BadRequestException.invalidFilter(
				"Members can be selected only by id: members[value eq \"<id>\"]; got members[" + filter + "]");
	}

	private static JsonNode normalize(AttributeDefinition definition, JsonNode value, ResolvedAttribute attribute)
			throws BadRequestException {
		return AttributeValues.normalize(definition, value, attribute.describe());
	}

	private static boolean containsValue(JsonNode elements, JsonNode candidate) {
		if (elements == null) {
			return false;
		}
		for (JsonNode element : elements) {
			if (sameValue(element, candidate)) {
				return true;
			}
		}
		return false;
	}

	/** Complex values with a {@code value} are the same when value and type agree. */
	private static boolean sameValue(JsonNode a, JsonNode b) {
		if (a.isObject() && b.isObject() && a.has("value") && b.has("value")) {
			return a.get("value").equals(b.get("value")) && (!a.has("type") || !b.has("type")
					|| a.get("type").asText().equalsIgnoreCase(b.get("type").asText()));
		}
		return a.equals(b);
	}

	private static boolean isPrimary(JsonNode element) {
		JsonNode primary = element.get("primary");
		return primary != null && primary.isBoolean() && primary.booleanValue();
	}

	/** RFC 7643 §2.4: at most one element may be primary. */
	private static void clearPrimary(ArrayNode elements) {
		for (JsonNode element : elements) {
			if (isPrimary(element)) {
				((ObjectNode) element).put("primary", false);
			}
		}
	}

}
