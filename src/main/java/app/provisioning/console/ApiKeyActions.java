package app.provisioning.console;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountApiKeyService;
import app.provisioning.platform.Refusal;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Account API keys for the customer's own automation: issued by its administrators (shown
 * once), revoked.
 */
@Controller
class ApiKeyActions {

	private final AccountApiKeyService keys;

	private final AccountView view;

	ApiKeyActions(AccountApiKeyService keys, AccountView view) {
		this.keys = keys;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/api-keys")
	String issue(@PathVariable UUID accountId, @RequestParam(required = false) String label,
			@RequestParam(required = false) String role, @RequestParam(required = false) String expires,
			Authentication caller, Model model) {
		AccountApiKeyService.IssuedKey issued = this.keys.issue(accountId, label, role, expiry(expires),
				AccountAccess.of(caller));
		model.addAttribute("issuedApiKey", issued.key());
		model.addAttribute("message",
				"API key '" + issued.apiKey().getLabel() + "' issued as " + issued.apiKey().getRole().value()
						+ ", valid until " + issued.apiKey().getExpiresAt() + ". Copy it now: it is not shown again.");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/api-keys/{keyId}/revoke")
	String revoke(@PathVariable UUID accountId, @PathVariable UUID keyId, Model model) {
		this.keys.revoke(accountId, keyId);
		model.addAttribute("message", "API key revoked: requests with it are refused from now on.");
		return this.view.render(accountId, model);
	}

	private static java.time.Instant expiry(String date) {
		if (date == null || date.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(date.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw Refusal.invalid("The expiry must be a date such as 2027-06-30; got '" + date + "'");
		}
	}

}
