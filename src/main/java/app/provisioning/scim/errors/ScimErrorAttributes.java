package app.provisioning.scim.errors;

/**
 * What a SCIM error answer leaves on its request for the filters around the protocol (the
 * account's traffic counts), which never parse the body.
 */
public final class ScimErrorAttributes {

	/** The request attribute holding the answer's {@code scimType}, when it has one. */
	public static final String SCIM_TYPE = ScimErrorAttributes.class.getName() + ".scimType";

	private ScimErrorAttributes() {
	}

}
