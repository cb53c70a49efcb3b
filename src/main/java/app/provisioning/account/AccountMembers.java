package app.provisioning.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import app.provisioning.platform.Problems;
import app.provisioning.platform.Refusal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people of the customer's who may administer an account, and their roles. An account
 * always keeps at least one owner once it has one: the last cannot leave or be demoted.
 */
@Service
public class AccountMembers {

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	// user@domain, as Entra shows it; no spaces, one @, a dot in the domain.
	private static final Pattern USER_PRINCIPAL_NAME = Pattern.compile("[^@\\s]{1,113}@[^@\\s]+\\.[^@\\s]+");

	private static final int MAX_UPN_LENGTH = 256;

	// The accounts of a person: their tenant must still be the account's tenant.
	private static final String OF_PERSON = " FROM account_member m JOIN account a ON a.id = m.account_id"
			+ " WHERE m.object_id = ? AND lower(a.entra_tenant_id) = lower(?)";

	private final AccountMemberRepository members;

	private final AccountService accounts;

	private final JdbcTemplate jdbc;

	private final AccountSignInRules rules;

	private final AccountApiKeyService keys;

	private final Clock clock;

	AccountMembers(AccountMemberRepository members, AccountService accounts, JdbcTemplate jdbc,
			AccountSignInRules rules, AccountApiKeyService keys, Clock clock) {
		this.rules = rules;
		this.keys = keys;
		this.members = members;
		this.accounts = accounts;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records a sign-in: binds invitations made by the person's user principal name in
	 * accounts of their tenant to their object id, and answers how many accounts they are
	 * a member of.
	 */
	@Transactional
	int signIn(SignedInPerson person) {
		Timestamp now = Timestamp.from(now());
		if (person.userPrincipalName() != null && !person.userPrincipalName().isBlank()) {
			this.jdbc.update("UPDATE account_member m SET object_id = ? FROM account a WHERE a.id = m.account_id"
					+ " AND lower(a.entra_tenant_id) = lower(?) AND m.object_id IS NULL"
					+ " AND lower(m.user_principal_name) = lower(?) AND NOT EXISTS (SELECT 1 FROM account_member o"
					+ " WHERE o.account_id = m.account_id AND o.object_id = ?)", person.objectId(), person.tenantId(),
					person.userPrincipalName(), person.objectId());
		}
		return this.jdbc.update(
				"UPDATE account_member m SET last_sign_in_at = ?, display_name = ? FROM account a"
						+ " WHERE a.id = m.account_id AND m.object_id = ? AND lower(a.entra_tenant_id) = lower(?)",
				now, person.displayName(), person.objectId(), person.tenantId());
	}

	/**
	 * What a signed-in person may do now, read on every request so that a removed member,
	 * a removed sign-in rule or a changed role counts at once: their memberships, and
	 * what the rules that let them in still give (the higher role wins). Empty when that
	 * is nothing, or when they signed out everywhere after the session began.
	 */
	@Transactional(readOnly = true)
	public Optional<AccountAccess> access(String tenantId, UUID objectId, Collection<UUID> rules,
			Instant sessionStarted) {
		Boolean signedOut = this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM console_sign_out WHERE tenant_id ="
						+ " lower(?) AND object_id = ? AND signed_out_at >= ?)",
				Boolean.class, tenantId, objectId, Timestamp.from(sessionStarted));
		if (Boolean.TRUE.equals(signedOut)) {
			return Optional.empty();
		}
		Map<UUID, AccountRole> roles = new HashMap<>(this.rules.granted(tenantId, rules));
		String[] name = new String[1];
		this.jdbc.query(
				"SELECT m.account_id, m.role, coalesce(m.display_name, m.user_principal_name) AS name" + OF_PERSON,
				(rs) -> {
					roles.merge(rs.getObject("account_id", UUID.class), AccountRole.parse(rs.getString("role"), "role"),
							(a, b) -> a.includes(b) ? a : b);
					name[0] = rs.getString("name");
				}, objectId, tenantId);
		if (roles.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new AccountAccess(((name[0] != null) ? name[0] : objectId.toString()) + " (Microsoft)",
				false, roles, false, objectId));
	}

	/** Ends the person's sessions on every browser. */
	@Transactional
	void revokeSessions(String tenantId, UUID objectId) {
		this.jdbc.update(
				"INSERT INTO console_sign_out (tenant_id, object_id, signed_out_at) VALUES (lower(?), ?, ?)"
						+ " ON CONFLICT (tenant_id, object_id) DO UPDATE SET signed_out_at = excluded.signed_out_at",
				tenantId, objectId, Timestamp.from(now()));
	}

	/** Who to let in: an Entra object id, a user principal name, or both. */
	public record Invitation(String objectId, String userPrincipalName, String role) {
	}

	@Transactional(readOnly = true)
	public List<AccountMember> list(UUID accountId) {
		this.accounts.get(accountId);
		return this.members.findByAccountIdOrderByCreatedAt(accountId);
	}

	@Transactional
	public AccountMember add(UUID accountId, Invitation invitation, AccountAccess by) {
		this.accounts.get(accountId);
		Problems problems = new Problems();
		UUID objectId = problems.check("/objectId", () -> objectId(invitation.objectId()));
		String upn = problems.check("/userPrincipalName", () -> userPrincipalName(invitation.userPrincipalName()));
		if (objectId == null && upn == null && problems.isEmpty()) {
			problems.add("Name the person by objectId (Entra: Users → the user → Object ID) or by"
					+ " userPrincipalName (e.g. alex@contoso.com)");
		}
		AccountRole role = problems.check("/role", () -> AccountRole.parse(invitation.role(), "role"));
		problems.refuseIfAny();
		for (AccountMember existing : this.members.findByAccountIdLocked(accountId)) {
			boolean sameObject = objectId != null && objectId.equals(existing.getObjectId());
			boolean sameName = upn != null && upn.equalsIgnoreCase(existing.getUserPrincipalName());
			if (sameObject || sameName) {
				throw Refusal.conflict((sameObject ? "Object id " + objectId : upn)
						+ " is already a member of this account (member " + existing.getId() + ", role "
						+ existing.getRole().value() + "); change that member's role instead");
			}
		}
		return this.members.save(new AccountMember(accountId, objectId, upn, role, now(), by.actor()));
	}

	@Transactional
	public AccountMember changeRole(UUID accountId, UUID memberId, String role) {
		AccountRole newRole = AccountRole.parse(role, "role");
		List<AccountMember> all = this.members.findByAccountIdLocked(accountId);
		AccountMember member = find(all, accountId, memberId);
		if (newRole != AccountRole.OWNER) {
			keepAnOwner(all, member, "made " + newRole.value());
		}
		member.changeRole(newRole);
		if (!newRole.includes(AccountRole.ADMINISTRATOR) && member.getObjectId() != null) {
			this.keys.revokeIssuedBy(accountId, member.getObjectId());
		}
		return member;
	}

	@Transactional
	public AccountMember remove(UUID accountId, UUID memberId) {
		List<AccountMember> all = this.members.findByAccountIdLocked(accountId);
		AccountMember member = find(all, accountId, memberId);
		keepAnOwner(all, member, "removed");
		this.members.delete(member);
		if (member.getObjectId() != null) {
			this.keys.revokeIssuedBy(accountId, member.getObjectId());
		}
		return member;
	}

	private static AccountMember find(List<AccountMember> all, UUID accountId, UUID memberId) {
		return all.stream()
			.filter((candidate) -> candidate.getId().equals(memberId))
			.findFirst()
			.orElseThrow(() -> Refusal.notFound("Member " + memberId + " of account " + accountId));
	}

	private static void keepAnOwner(List<AccountMember> all, AccountMember leaving, String what) {
		long owners = all.stream().filter((m) -> m.getRole() == AccountRole.OWNER).count();
		if (leaving.getRole() == AccountRole.OWNER && owners <= 1) {
			throw Refusal.conflict(
					"This is the account's last owner and cannot be " + what + "; make another member owner first");
		}
	}

	private static UUID objectId(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (!GUID.matcher(trimmed).matches()) {
			throw Refusal.invalid("objectId must be the person's Entra object id, a GUID such as"
					+ " 3f2504e0-4f89-11d3-9a0c-0305e82c3301; got '" + trimmed + "'");
		}
		return UUID.fromString(trimmed);
	}

	private static String userPrincipalName(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.length() > MAX_UPN_LENGTH || !USER_PRINCIPAL_NAME.matcher(trimmed).matches()) {
			throw Refusal.invalid("userPrincipalName must be a sign-in name such as alex@contoso.com; got '"
					+ ((trimmed.length() > 80) ? trimmed.substring(0, 80) + "…" : trimmed) + "'");
		}
		return trimmed.toLowerCase(Locale.ROOT);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
