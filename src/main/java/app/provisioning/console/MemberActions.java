package app.provisioning.console;

import java.util.UUID;
import java.util.regex.Pattern;

import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountMember;
import app.provisioning.account.AccountMembers;
import app.provisioning.account.AccountSignInRules;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Who of the customer may sign in, managed by the account's owners: members added by
 * sign-in name or object id, given a role, removed; and rules that let in an Entra app
 * role or group.
 */
@Controller
class MemberActions {

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final AccountMembers members;

	private final AccountSignInRules rules;

	private final AccountView view;

	MemberActions(AccountMembers members, AccountSignInRules rules, AccountView view) {
		this.members = members;
		this.rules = rules;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/members")
	String add(@PathVariable UUID accountId, @RequestParam String person, @RequestParam String role,
			Authentication caller, Model model) {
		String trimmed = person.trim();
		boolean objectId = GUID.matcher(trimmed).matches();
		AccountMember added = this.members.add(accountId,
				new AccountMembers.Invitation(objectId ? trimmed : null, objectId ? null : trimmed, role),
				AccountAccess.of(caller));
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

	@PostMapping("/admin/accounts/{accountId}/sign-in-rules")
	String addRule(@PathVariable UUID accountId, @RequestParam String claim, @RequestParam String value,
			@RequestParam String role, Authentication caller, Model model) {
		AccountSignInRules.Rule rule = this.rules.add(accountId, claim, value, role, AccountAccess.of(caller));
		model.addAttribute("message",
				"Everyone of the tenant with " + (rule.claim().equals("group") ? "group " : "app role ") + rule.value()
						+ " may now sign in as " + rule.role().value() + ".");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/sign-in-rules/{ruleId}/remove")
	String removeRule(@PathVariable UUID accountId, @PathVariable UUID ruleId, Model model) {
		AccountSignInRules.Rule rule = this.rules.remove(accountId, ruleId);
		model.addAttribute("message",
				"The rule for " + rule.value() + " is removed; the sessions it let in lose its role now.");
		return this.view.render(accountId, model);
	}

	private static String name(AccountMember member) {
		return (member.getUserPrincipalName() != null) ? member.getUserPrincipalName()
				: (member.getDisplayName() != null) ? member.getDisplayName() : member.getObjectId().toString();
	}

}
