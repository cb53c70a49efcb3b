package app.provisioning.scim.resource;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON member lookup ignoring case: SCIM names are case-insensitive (RFC 7643 §2.1). */
public final class JsonFields {

	private JsonFields() {
	}

	public static JsonNode field(JsonNode object, String name) {
		JsonNode exact = object.get(name);
		if (exact != null) {
			return exact;
		}
		var fields = object.properties().iterator();
		while (fields.hasNext()) {
			var field = fields.next();
			if (field.getKey().equalsIgnoreCase(name)) {
				return field.getValue();
			}
		}
		return null;
	}

}
