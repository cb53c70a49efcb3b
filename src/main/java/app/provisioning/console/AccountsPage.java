package app.provisioning.console;

import java.util.UUID;

import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountService;
import app.provisioning.account.AdminRequestException;

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

	AccountsPage(AccountService accounts, AccountView view) {
		this.accounts = accounts;
		this.view = view;
	}

	/** The operator sees every account; a member the accounts they belong to. */
	@GetMapping("/admin")
	String accounts(Model model, Authentication caller) {
		AccountAccess access = AccountAccess.of(caller);
		model.addAttribute("accounts",
				this.accounts.list().stream().filter((account) -> access.sees(account.getId())).toList());
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
		catch (AdminRequestException ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("accounts", this.accounts.list());
			return "console/accounts";
		}
	}

	@GetMapping("/admin/accounts/{accountId}")
	String account(@PathVariable UUID accountId, Model model) {
		return this.view.render(accountId, model);
	}

}
