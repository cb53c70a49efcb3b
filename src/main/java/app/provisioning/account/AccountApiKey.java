package app.provisioning.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A key of the administration API that acts in one account with one role. Only its hash
 * is kept.
 */
@Entity
@Table(name = "account_api_key")
public class AccountApiKey {

	@Id
	private UUID id;

	@Column(name = "account_id", nullable = false)
	private UUID accountId;

	@Column(nullable = false)
	private String label;

	@Column(nullable = false)
	private String role;

	@Column(name = "key_hash", nullable = false)
	private byte[] keyHash;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", nullable = false)
	private String createdBy;

	@Column(name = "issued_by_object_id")
	private UUID issuedByObjectId;

	@Column(name = "expires_at", nullable = false)
	private Instant expiresAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected AccountApiKey() {
	}

	AccountApiKey(UUID accountId, String label, AccountRole role, byte[] keyHash, Instant createdAt, String createdBy,
			UUID issuedByObjectId, Instant expiresAt) {
		this.issuedByObjectId = issuedByObjectId;
		this.id = UUID.randomUUID();
		this.accountId = accountId;
		this.label = label;
		this.role = role.value();
		this.keyHash = keyHash.clone();
		this.createdAt = createdAt;
		this.createdBy = createdBy;
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

	public AccountRole getRole() {
		return AccountRole.parse(this.role, "role");
	}

	byte[] getKeyHash() {
		return this.keyHash.clone();
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	public Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	public Instant getRevokedAt() {
		return this.revokedAt;
	}

	boolean isUsableAt(Instant now) {
		return this.revokedAt == null && this.expiresAt.isAfter(now);
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

}
