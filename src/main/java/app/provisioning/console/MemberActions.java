package app.provisioning.console;

import java.util.UUID;
import java.util.regex.Pattern;

import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountMember;
import app.provisioning.account.AccountMembers;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The account's members, managed by its owners: added by sign-in name or object id, given a role, removed. */
@Controller
class MemberActions {

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final AccountMembers members;

	private final AccountView view;

	MemberActions(AccountMembers members, AccountView view) {
		this.members = members;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/members")
	String add(@PathVariable UUID accountId, @RequestParam String person, @RequestParam String role,
			Authentication caller, Model model) {
		String trimmed = person.trim();
		boolean objectId = GUID.matcher(trimmed).matches();
		AccountMember added = this.members.add(accountId, new AccountMembers.Invitation(objectId ? trimmed : null,
				objectId ? null : trimmed, role), AccountAccess.of(caller));
		model.addAttribute("message", trimmed + " may now sign in with Microsoft as " + added.getRole().value() + ".");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/members/{memberId}/role")
	String changeRole(@PathVariable UUID accountId, @PathVariable UUID memberId, @RequestParam String role,
			Model model) {
		AccountMember changed = this.members.changeRole(accountId, memberId, role);
		model.addAttribute("message", name(changed) + " is now " + changed.getRole().value() + ".");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/members/{memberId}/remove")
	String remove(@PathVariable UUID accountId, @PathVariable UUID memberId, Model model) {
		AccountMember removed = this.members.remove(accountId, memberId);
		model.addAttribute("message", name(removed) + " is no longer a member; their sessions have ended.");
		return this.view.render(accountId, model);
	}

	private static String name(AccountMember member) {
		return (member.getUserPrincipalName() != null) ? member.getUserPrincipalName()
				: (member.getDisplayName() != null) ? member.getDisplayName() : member.getObjectId().toString();
	}

}
