package app.provisioning.console;

import java.util.UUID;

import app.provisioning.account.AccountService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** SCIM secret tokens: issued (shown once, on this response only) and revoked. */
@Controller
class CredentialActions {

	private final AccountService accounts;

	private final AccountView view;

	CredentialActions(AccountService accounts, AccountView view) {
		this.accounts = accounts;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/tokens")
	String issue(@PathVariable UUID accountId, @RequestParam(required = false) String label, Model model) {
		AccountService.IssuedToken issued = this.accounts.issueToken(accountId,
				(label == null || label.isBlank()) ? "Entra" : label.trim(), null);
		model.addAttribute("issuedToken", issued.token());
		model.addAttribute("message", "Token '" + issued.credential().getLabel()
				+ "' issued. Copy it now into the Azure portal's Secret Token field: it is not shown again.");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/tokens/{tokenId}/revoke")
	String revoke(@PathVariable UUID accountId, @PathVariable UUID tokenId, Model model) {
		this.accounts.revokeToken(accountId, tokenId);
		model.addAttribute("message", "Token revoked: Entra requests with it are refused from now on.");
		return this.view.render(accountId, model);
	}

}
