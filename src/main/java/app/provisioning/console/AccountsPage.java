package app.provisioning.console;

import java.util.List;
import java.util.UUID;

import app.provisioning.account.Account;
import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;
import app.provisioning.health.AccountHealth;
import app.provisioning.health.HealthSnapshots;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The accounts, and one account's page. */
@Controller
class AccountsPage {

	private final AccountService accounts;

	private final AccountView view;

	private final HealthSnapshots health;

	AccountsPage(AccountService accounts, AccountView view, HealthSnapshots health) {
		this.accounts = accounts;
		this.view = view;
		this.health = health;
	}

	/** An account of the list with its health badge (null until first checked). */
	record Listed(Account account, AccountHealth health) {
	}

	private List<Listed> listed(AccountAccess access) {
		return this.accounts.list()
			.stream()
			.filter((account) -> access == null || access.sees(account.getId()))
			.map((account) -> new Listed(account, this.health.latest(account.getId()).orElse(null)))
			.toList();
	}

	/** The operator sees every account; a member the accounts they belong to. */
	@GetMapping("/admin")
	String accounts(Model model, Authentication caller) {
		AccountAccess access = AccountAccess.of(caller);
		model.addAttribute("accounts", listed(access));
		return "console/accounts";
	}

	@PostMapping("/admin/accounts")
	String create(@RequestParam String name, @RequestParam(required = false) String entraTenantId, Model model) {
		try {
			UUID id = this.accounts
				.create(new AccountService.AccountChanges(name,
						(entraTenantId == null || entraTenantId.isBlank()) ? null : entraTenantId.trim(), null))
				.getId();
			return "redirect:/admin/accounts/" + id;
		}
		catch (Refusal ex) {
			model.addAttribute("refusal", ex);
			model.addAttribute("accounts", listed(null));
			return "console/accounts";
		}
	}

	@GetMapping("/admin/accounts/{accountId}")
	String account(@PathVariable UUID accountId, Model model) {
		return this.view.render(accountId, model);
	}

}
