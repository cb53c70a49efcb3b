package app.provisioning.logins;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A permission level of login users (Administrator, Manager, Viewer …), defined per
 * account. The rank orders them: a user in several mapped groups gets the highest.
 */
@Entity
@Table(name = "permission_level")
public class PermissionLevel {

	@Id
	private UUID id;

	@Column(name = "account_id", nullable = false)
	private UUID accountId;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private int rank;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected PermissionLevel() {
	}

	PermissionLevel(UUID accountId, String name, int rank, Instant now) {
		this.id = UUID.randomUUID();
		this.accountId = accountId;
		this.name = name;
		this.rank = rank;
		this.createdAt = now;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getAccountId() {
		return this.accountId;
	}

	public String getName() {
		return this.name;
	}

	public int getRank() {
		return this.rank;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	void rename(String newName) {
		this.name = newName;
	}

	void rerank(int newRank) {
		this.rank = newRank;
	}

}
