package app.provisioning.scim.patch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ContentTooLargeException;
import com.unboundid.scim2.common.exceptions.ScimException;

import app.provisioning.scim.query.ParserMessage;
import app.provisioning.scim.resource.JsonFields;

/**
 * Reads a PatchOp body (RFC 7644 §3.5.2). Entra leniency: {@code op} in any case
 * ({@code "Replace"} without the aadOptscim062020 flag), member names in any case, and
 * extra members on operations (ignored).
 */
public final class PatchRequestReader {

	private PatchRequestReader() {
	}

	/**
	 * Too many operations is 413, as RFC 7644 §3.7.4 answers a bulk request over its
	 * maxOperations: the RFC's scimType {@code tooMany} is about filter results.
	 */
	public static List<PatchOperation> read(ObjectNode body, int maxOperations) throws ScimException {
		JsonNode operations = JsonFields.field(body, "Operations");
		if (operations == null || !operations.isArray()) {
			throw BadRequestException.invalidSyntax(
					"A PATCH body needs an 'Operations' array (schema urn:ietf:params:scim:api:messages:2.0:PatchOp)");
		}
		if (operations.isEmpty()) {
			throw BadRequestException.invalidSyntax("'Operations' is empty: send at least one operation");
		}
		if (operations.size() > maxOperations) {
			throw new ContentTooLargeException("A PATCH may carry at most " + maxOperations
					+ " operations; this one has " + operations.size() + ". Split it into several requests");
		}
		List<PatchOperation> result = new ArrayList<>(operations.size());
		int index = 0;
		for (JsonNode operation : operations) {
			result.add(readOperation(operation, index++));
		}
		return result;
	}

	private static PatchOperation readOperation(JsonNode operation, int index) throws BadRequestException {
		String where = "Operations[" + index + "]";
		if (!operation.isObject()) {
			throw BadRequestException.invalidSyntax(where + " must be a JSON object");
		}
		JsonNode opNode = JsonFields.field(operation, "op");
		if (opNode == null || !opNode.isTextual()) {
			throw BadRequestException.invalidSyntax(where + " needs 'op': add, replace or remove");
		}
		PatchOperation.Op op = switch (opNode.textValue().trim().toLowerCase(Locale.ROOT)) {
			case "add" -> PatchOperation.Op.ADD;
			case "replace" -> PatchOperation.Op.REPLACE;
			case "remove" -> PatchOperation.Op.REMOVE;
			default -> throw BadRequestException
				.invalidSyntax(where + " has op '" + opNode.textValue() + "'; use add, replace or remove");
		};
		JsonNode pathNode = JsonFields.field(operation, "path");
		Path path = null;
		String rawPath = null;
		if (pathNode != null && !pathNode.isNull()) {
			if (!pathNode.isTextual()) {
				throw BadRequestException.invalidPath(where + ".path must be a string");
			}
			rawPath = pathNode.textValue().trim();
			if (!rawPath.isEmpty()) {
				try {
					path = Path.fromString(rawPath);
				}
				catch (BadRequestException ex) {
					throw BadRequestException.invalidPath(
							where + " has an invalid path '" + rawPath + "': " + ParserMessage.of(ex.getMessage()));
				}
			}
		}
		JsonNode value = JsonFields.field(operation, "value");
		if (path == null && op == PatchOperation.Op.REMOVE) {
			throw BadRequestException.noTarget(where + ": remove needs a 'path' naming what to remove");
		}
		if (path == null && (value == null || !value.isObject())) {
			throw BadRequestException
				.invalidSyntax(where + ": without a 'path', 'value' must be an object of attributes to "
						+ op.name().toLowerCase(Locale.ROOT));
		}
		return new PatchOperation(op, path, rawPath, value);
	}

}
