package app.provisioning.scim;

import java.util.UUID;

/**
 * The account a SCIM request acts for, resolved from its credential by the security
 * layer. Every store call takes it, so no query can run outside one account.
 */
public record ScimTenant(UUID accountId) {

}
