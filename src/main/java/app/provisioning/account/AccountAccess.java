package app.provisioning.account;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.Authentication;

/**
 * Who is calling the administration API or pages, and which accounts they may act in: the
 * operator (an admin key) acts in every account; a member or an account API key only in
 * its own accounts, with a role in each.
 *
 * @param actor how the caller is named in logs and the audit trail, never a secret
 * @param apiKey whether the caller is an account API key rather than a person
 * @param person the Entra object id of a member signed in with Microsoft, else null
 */
public record AccountAccess(String actor, boolean operator, Map<UUID, AccountRole> roles, boolean apiKey,
		UUID person) implements Principal {

	public AccountAccess {
		roles = Map.copyOf(roles);
	}

	public AccountAccess(String actor, boolean operator, Map<UUID, AccountRole> roles) {
		this(actor, operator, roles, false, null);
	}

	public static AccountAccess operator(String actor) {
		return new AccountAccess(actor, true, Map.of());
	}

	public static AccountAccess apiKey(String actor, UUID accountId, AccountRole role) {
		return new AccountAccess(actor, false, Map.of(accountId, role), true, null);
	}

	/** The access of an authenticated caller; a caller without one has none. */
	public static AccountAccess of(Authentication authentication) {
		if (authentication != null && authentication.getPrincipal() instanceof AccountAccess access) {
			return access;
		}
		return new AccountAccess("nobody", false, Map.of());
	}

	/**
	 * The caller's role in an account: {@code OWNER} for the operator, empty where the
	 * caller is no member.
	 */
	public Optional<AccountRole> roleIn(UUID accountId) {
		return this.operator ? Optional.of(AccountRole.OWNER) : Optional.ofNullable(this.roles.get(accountId));
	}

	public boolean sees(UUID accountId) {
		return this.operator || this.roles.containsKey(accountId);
	}

	@Override
	public String getName() {
		return this.actor;
	}

	public Set<UUID> accounts() {
		return this.roles.keySet();
	}

}
