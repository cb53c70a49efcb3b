package app.provisioning.console;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;
import app.provisioning.mapping.Records;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An account's People records or login users, searchable by unique identifier and paged.
 */
@Controller
class RecordsPage {

	private static final int PAGE_SIZE = 50;

	private final Records records;

	private final AccountService accounts;

	RecordsPage(Records records, AccountService accounts) {
		this.records = records;
		this.accounts = accounts;
	}

	@GetMapping("/admin/accounts/{accountId}/records")
	String page(@PathVariable UUID accountId, @RequestParam Map<String, String> query, Model model) {
		model.addAttribute("account", this.accounts.get(accountId));
		Records.Kind kind = "login-users".equals(query.get("kind")) ? Records.Kind.LOGIN_USERS : Records.Kind.PEOPLE;
		model.addAttribute("kind", kind.collection());
		model.addAttribute("query", query);
		try {
			model.addAttribute("page", this.records.list(accountId, kind, new Records.Filter(query.get("status"), null,
					null, null, null, query.get("uniqueIdentifier"), null), query.get("cursor"), PAGE_SIZE));
		}
		catch (Refusal ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("page", new Records.Page(List.of(), null));
		}
		return "console/records";
	}

}
