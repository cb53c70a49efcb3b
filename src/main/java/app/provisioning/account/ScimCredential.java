package app.provisioning.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A long-lived SCIM bearer token of one account. Only the token's hash is kept. */
@Entity
@Table(name = "scim_credential")
class ScimCredential {

	@Id
	private UUID id;

	@Column(name = "account_id", nullable = false)
	private UUID accountId;

	@Column(nullable = false)
	private String label;

	@Column(name = "token_hash", nullable = false)
	private byte[] tokenHash;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected ScimCredential() {
	}

	ScimCredential(UUID accountId, String label, byte[] tokenHash, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.accountId = accountId;
		this.label = label;
		this.tokenHash = tokenHash.clone();
		this.createdAt = createdAt;
	}

	UUID getAccountId() {
		return this.accountId;
	}

	String getLabel() {
		return this.label;
	}

	byte[] getTokenHash() {
		return this.tokenHash.clone();
	}

}
