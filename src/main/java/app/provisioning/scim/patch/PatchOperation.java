package app.provisioning.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.Path;

/** One parsed PATCH operation; {@code path} is null when the request gave none. */
public record PatchOperation(Op op, Path path, String rawPath, JsonNode value) {

	public enum Op {

		ADD, REPLACE, REMOVE

	}

}
