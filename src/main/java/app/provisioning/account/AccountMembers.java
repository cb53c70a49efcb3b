package app.provisioning.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

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

	private final AccountMemberRepository members;

	private final AccountService accounts;

	private final Clock clock;

	AccountMembers(AccountMemberRepository members, AccountService accounts, Clock clock) {
		this.members = members;
		this.accounts = accounts;
		this.clock = clock;
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
		UUID objectId = objectId(invitation.objectId());
		String upn = userPrincipalName(invitation.userPrincipalName());
		if (objectId == null && upn == null) {
			throw AdminRequestException.invalid("Name the person by objectId (Entra: Users → the user → Object ID) or by"
					+ " userPrincipalName (e.g. alex@contoso.com)");
		}
		AccountRole role = AccountRole.parse(invitation.role(), "role");
		for (AccountMember existing : this.members.findByAccountIdLocked(accountId)) {
			boolean sameObject = objectId != null && objectId.equals(existing.getObjectId());
			boolean sameName = upn != null && upn.equalsIgnoreCase(existing.getUserPrincipalName());
			if (sameObject || sameName) {
				throw AdminRequestException.conflict((sameObject ? "Object id " + objectId : upn)
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
		return member;
	}

	@Transactional
	public AccountMember remove(UUID accountId, UUID memberId) {
		List<AccountMember> all = this.members.findByAccountIdLocked(accountId);
		AccountMember member = find(all, accountId, memberId);
		keepAnOwner(all, member, "removed");
		this.members.delete(member);
		return member;
	}

	private static AccountMember find(List<AccountMember> all, UUID accountId, UUID memberId) {
		return all.stream()
			.filter((candidate) -> candidate.getId().equals(memberId))
			.findFirst()
			.orElseThrow(() -> AdminRequestException.notFound("Member " + memberId + " of account " + accountId));
	}

	private static void keepAnOwner(List<AccountMember> all, AccountMember leaving, String what) {
		long owners = all.stream().filter((m) -> m.getRole() == AccountRole.OWNER).count();
		if (leaving.getRole() == AccountRole.OWNER && owners <= 1) {
			throw AdminRequestException.conflict("This is the account's last owner and cannot be " + what
					+ "; make another member owner first");
		}
	}

	private static UUID objectId(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (!GUID.matcher(trimmed).matches()) {
			throw AdminRequestException.invalid("objectId must be the person's Entra object id, a GUID such as"
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
			throw AdminRequestException.invalid("userPrincipalName must be a sign-in name such as alex@contoso.com; got '"
					+ ((trimmed.length() > 80) ? trimmed.substring(0, 80) + "…" : trimmed) + "'");
		}
		return trimmed.toLowerCase(Locale.ROOT);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
