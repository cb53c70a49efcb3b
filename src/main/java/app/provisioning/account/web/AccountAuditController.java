package app.provisioning.account.web;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.account.AccountService;
import app.provisioning.audit.AuditCsv;
import app.provisioning.audit.AuditPage;
import app.provisioning.audit.AuditTrail;
import app.provisioning.platform.AdminApi;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An account's audit trail by API (its owners and administrators, and the operator),
 * newest first, paged by event id; CSV for export. An unknown account is a 404, not an
 * empty trail.
 */
@RestController
@AdminApi
class AccountAuditController {

	private final AccountService accounts;

	private final AuditTrail trail;

	private final AuditCsv csv;

	AccountAuditController(AccountService accounts, AuditTrail trail, AuditCsv csv) {
		this.accounts = accounts;
		this.trail = trail;
		this.csv = csv;
	}

	@GetMapping("/api/accounts/{accountId}/audit")
	AuditPage page(@PathVariable UUID accountId, @RequestParam(required = false) Long before,
			@RequestParam(required = false) Integer limit) {
		this.accounts.get(accountId);
		return this.trail.page(accountId, before, limit);
	}

	@GetMapping("/api/accounts/{accountId}/audit.csv")
	void csv(@PathVariable UUID accountId, HttpServletResponse response) throws IOException {
		this.accounts.get(accountId);
		this.csv.export(accountId, response);
	}

}
