package app.provisioning.account;

import java.util.UUID;

/**
 * A person Microsoft signed in: named by tenant and object id, never by name or email
 * alone.
 *
 * @param userPrincipalName the sign-in name from the ID token, used only to bind an
 * invitation made by that name
 */
record SignedInPerson(String tenantId, UUID objectId, String userPrincipalName, String displayName) {
}
