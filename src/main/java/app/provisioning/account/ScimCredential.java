package app.provisioning.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A long-lived SCIM secret token of one account. Only the token's hash is kept; several
 * may be valid at once so that a token can be rotated without downtime.
 */
@Entity
@Table(name = "scim_credential")
public class ScimCredential {

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

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	protected ScimCredential() {
	}

	ScimCredential(UUID accountId, String label, byte[] tokenHash, Instant createdAt, Instant expiresAt) {
		this.id = UUID.randomUUID();
		this.accountId = accountId;
		this.label = label;
		this.tokenHash = tokenHash.clone();
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getAccountId() {
		return this.accountId;
	}

	public String getLabel() {
		return this.label;
	}

	byte[] getTokenHash() {
		return this.tokenHash.clone();
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	public Instant getRevokedAt() {
		return this.revokedAt;
	}

	public Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	boolean isUsableAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || now.isBefore(this.expiresAt));
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

}
