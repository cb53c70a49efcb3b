package app.provisioning.console;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.account.AccountService;
import app.provisioning.audit.AuditEvent;
import app.provisioning.audit.AuditTrail;
import app.provisioning.audit.AuditCsv;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An account's audit trail, for its owners and administrators (and the operator), and its
 * CSV.
 */
@Controller
class AuditPage {

	private static final int PAGE = 50;

	private final AccountService accounts;

	private final AuditTrail trail;

	private final AuditCsv csv;

	AuditPage(AccountService accounts, AuditTrail trail, AuditCsv csv) {
		this.accounts = accounts;
		this.trail = trail;
		this.csv = csv;
	}

	@GetMapping("/admin/accounts/{accountId}/audit")
	String page(@PathVariable UUID accountId, @RequestParam(required = false) Long before, Model model) {
		model.addAttribute("account", this.accounts.get(accountId));
		List<AuditEvent> events = this.trail.page(accountId, before, PAGE);
		model.addAttribute("events", events);
		model.addAttribute("next", (events.size() == PAGE) ? events.get(events.size() - 1).id() : null);
		return "console/audit";
	}

	@GetMapping("/admin/accounts/{accountId}/audit.csv")
	void export(@PathVariable UUID accountId, HttpServletResponse response) throws IOException {
		this.accounts.get(accountId);
		this.csv.export(accountId, response);
	}

}
