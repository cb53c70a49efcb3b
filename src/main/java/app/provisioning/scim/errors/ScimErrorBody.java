package app.provisioning.scim.errors;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.scim.schema.ScimSchemaUrns;

/**
 * The RFC 7644 §3.12 error body. {@code status} is a string, as the RFC's examples and
 * Entra expect.
 */
public final class ScimErrorBody {

	private ScimErrorBody() {
	}

	public static ObjectNode of(int status, String scimType, String detail) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.putArray("schemas").add(ScimSchemaUrns.ERROR);
		body.put("status", Integer.toString(status));
		if (scimType != null) {
			body.put("scimType", scimType);
		}
		if (detail != null) {
			body.put("detail", detail);
		}
		return body;
	}

}
