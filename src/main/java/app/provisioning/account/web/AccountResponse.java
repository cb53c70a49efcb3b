package app.provisioning.account.web;

import java.time.Instant;
import java.util.UUID;

import app.provisioning.account.Account;

/** An account as the administration API shows it. */
record AccountResponse(UUID id, String name, String entraTenantId, boolean acceptEntraTokens, String state,
		Integer requestsPerSecond, Instant createdAt, Instant updatedAt) {

	static AccountResponse of(Account account) {
		return new AccountResponse(account.getId(), account.getName(), account.getEntraTenantId(),
				account.acceptsEntraTokens(), account.getState().name().toLowerCase(java.util.Locale.ROOT),
				account.getRequestsPerSecond(), account.getCreatedAt(), account.getUpdatedAt());
	}

}
