package app.provisioning.account.web;

import java.time.Instant;
import java.util.UUID;

import app.provisioning.account.ScimCredential;

/**
 * A SCIM secret token as the administration API shows it. {@code token} is filled only in
 * the answer to the request that issued it; it is never stored or shown again.
 */
record TokenResponse(UUID id, String label, Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt,
		String token) {

	static TokenResponse of(ScimCredential credential) {
		return of(credential, null);
	}

	static TokenResponse of(ScimCredential credential, String token) {
		return new TokenResponse(credential.getId(), credential.getLabel(), credential.getCreatedAt(),
				credential.getExpiresAt(), credential.getLastUsedAt(), credential.getRevokedAt(), token);
	}

}
