package app.provisioning.scim.schema;

/** Schema URNs the server publishes. */
public final class ScimSchemaUrns {

	public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

	public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

	public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

	/**
	 * Our extension for the Entra user attributes that have no home in RFC 7643. Entra's
	 * attribute editor accepts custom attributes in exactly this URN pattern.
	 */
	public static final String ENTRA_USER = "urn:ietf:params:scim:schemas:extension:entra:2.0:User";

	public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

	public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

	public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

	public static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

	private ScimSchemaUrns() {
	}

}
