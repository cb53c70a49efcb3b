package app.provisioning.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A person of the customer's with a role in one account. Named by Entra object id, or by
 * user principal name until their first sign-in binds the object id.
 */
@Entity
@Table(name = "account_member")
public class AccountMember {

	@Id
	private UUID id;

	@Column(name = "account_id", nullable = false)
	private UUID accountId;

	@Column(name = "object_id")
	private UUID objectId;

	@Column(name = "user_principal_name")
	private String userPrincipalName;

	@Column(name = "display_name")
	private String displayName;

	@Column(nullable = false)
	private String role;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "created_by", nullable = false)
	private String createdBy;

	@Column(name = "last_sign_in_at")
	private Instant lastSignInAt;

	protected AccountMember() {
	}

	AccountMember(UUID accountId, UUID objectId, String userPrincipalName, AccountRole role, Instant createdAt,
			String createdBy) {
		this.id = UUID.randomUUID();
		this.accountId = accountId;
		this.objectId = objectId;
		this.userPrincipalName = userPrincipalName;
		this.role = role.value();
		this.createdAt = createdAt;
		this.createdBy = createdBy;
	}

	public UUID getId() {
		return this.id;
	}

	public UUID getAccountId() {
		return this.accountId;
	}

	public UUID getObjectId() {
		return this.objectId;
	}

	public String getUserPrincipalName() {
		return this.userPrincipalName;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	public AccountRole getRole() {
		return AccountRole.parse(this.role, "role");
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public Instant getLastSignInAt() {
		return this.lastSignInAt;
	}

	void changeRole(AccountRole newRole) {
		this.role = newRole.value();
	}

}
