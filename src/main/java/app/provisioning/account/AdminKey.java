package app.provisioning.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A key of the administration API. Only its hash is kept. */
@Entity
@Table(name = "admin_key")
public class AdminKey {

	@Id
	private UUID id;

	@Column(nullable = false)
	private String label;

	@Column(name = "key_hash", nullable = false)
	private byte[] keyHash;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected AdminKey() {
	}

	AdminKey(String label, byte[] keyHash, Instant createdAt) {
		this.id = UUID.randomUUID();
		this.label = label;
		this.keyHash = keyHash.clone();
		this.createdAt = createdAt;
	}

	public UUID getId() {
		return this.id;
	}

	public String getLabel() {
		return this.label;
	}

	byte[] getKeyHash() {
		return this.keyHash.clone();
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	public Instant getRevokedAt() {
		return this.revokedAt;
	}

	boolean isUsable() {
		return this.revokedAt == null;
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

}
