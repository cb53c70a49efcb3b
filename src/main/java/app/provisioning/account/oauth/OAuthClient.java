package app.provisioning.account.oauth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An OAuth client of one account: Entra authenticates with its client ID and secret. */
@Entity
@Table(name = "oauth_client")
public class OAuthClient {

	@Id
	private UUID id;

	@Column(name = "account_id", nullable = false)
	private UUID accountId;

	@Column(name = "client_id", nullable = false)
	private String clientId;

	@Column(nullable = false)
	private String label;

	@Column(name = "secret_hash", nullable = false)
	private byte[] secretHash;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "secret_set_at", nullable = false)
	private Instant secretSetAt;

	@Column(name = "last_used_at")
	private Instant lastUsedAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected OAuthClient() {
	}

	OAuthClient(UUID accountId, String clientId, String label, byte[] secretHash, Instant now) {
		this.id = UUID.randomUUID();
		this.accountId = accountId;
		this.clientId = clientId;
		this.label = label;
		this.secretHash = secretHash.clone();
		this.createdAt = now;
		this.secretSetAt = now;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getAccountId() {
		return this.accountId;
	}

	public String getClientId() {
		return this.clientId;
	}

	public String getLabel() {
		return this.label;
	}

	byte[] getSecretHash() {
		return this.secretHash.clone();
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getSecretSetAt() {
		return this.secretSetAt;
	}

	public Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	public Instant getRevokedAt() {
		return this.revokedAt;
	}

	boolean isRevoked() {
		return this.revokedAt != null;
	}

	void replaceSecret(byte[] hash, Instant now) {
		this.secretHash = hash.clone();
		this.secretSetAt = now;
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	void used(Instant now) {
		this.lastUsedAt = now;
	}

}
