package app.provisioning.account;

import java.util.UUID;

/**
 * What authentication learnt about a SCIM caller beyond its account id: whether the
 * account may use the API, and its request-rate limit. Kept as the authentication's
 * details.
 */
public record ScimCaller(UUID accountId, boolean active, Integer requestsPerSecond, String credential) {

	public static ScimCaller of(Account account, String credential) {
		return new ScimCaller(account.getId(), account.isActive(), account.getRequestsPerSecond(), credential);
	}

}
