package app.provisioning.mapping;

/**
 * What identifies a person across pushes and pulls, so nobody is created twice. The seeds
 * recommend the user principal name; email only where every user has a unique, permanent
 * one.
 */
public enum UniqueIdentifier {

	/** userName = the user principal name. */
	USER_PRINCIPAL_NAME,

	/**
	 * externalId = usually Entra's object ID (or mail nickname, per the tenant's
	 * mapping).
	 */
	OBJECT_ID,

	/** The primary email address (else the work email). */
	PRIMARY_EMAIL

}
