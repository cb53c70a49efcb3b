package app.provisioning.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.mapping.UserRecords;
import app.provisioning.platform.Refusal;
import app.provisioning.synclog.SyncLogCsv;
import app.provisioning.synclog.SyncLogQuery;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;

/** The sync log with filters and paging, and one person's timeline. */
@Controller
class SyncLogPage {

	private final SyncLogQuery log;

	private final AccountService accounts;

	private final UserRecords userRecords;

	private final SyncLogCsv csv;

	SyncLogPage(SyncLogQuery log, AccountService accounts, UserRecords userRecords, SyncLogCsv csv) {
		this.log = log;
		this.accounts = accounts;
		this.userRecords = userRecords;
		this.csv = csv;
	}

	/** The filtered log as CSV, for a spreadsheet. */
	@GetMapping("/admin/accounts/{accountId}/sync-log.csv")
	void csv(@PathVariable UUID accountId, @RequestParam Map<String, String> query,
			jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
		this.csv.export(accountId, filter(query), response);
	}

	private static SyncLogQuery.Filter filter(Map<String, String> query) {
		return new SyncLogQuery.Filter(time(query.get("from")), time(query.get("to")), query.get("origin"),
				query.get("source"), query.get("operation"), query.get("outcome"), query.get("user"),
				query.get("requestId"));
	}

	@GetMapping("/admin/accounts/{accountId}/sync-log")
	String page(@PathVariable UUID accountId, @RequestParam Map<String, String> query, Model model) {
		model.addAttribute("account", this.accounts.get(accountId));
		model.addAttribute("query", query);
		try {
			SyncLogQuery.Filter filter = filter(query);
			model.addAttribute("page", this.log.page(accountId, filter, query.get("cursor"), 50));
		}
		catch (Refusal ex) {
			model.addAttribute("error", ex.getMessage());
			model.addAttribute("page", new SyncLogQuery.Page(List.of(), null));
		}
		return "console/sync-log";
	}

	/**
	 * Every entry of one user (by user principal name, record, SCIM user or object ID),
	 * oldest first.
	 */
	@RequestMapping(path = "/admin/accounts/{accountId}/timeline", method = { RequestMethod.GET, RequestMethod.POST })
	String timeline(@PathVariable UUID accountId, @RequestParam String user, Model model) {
		model.addAttribute("account", this.accounts.get(accountId));
		model.addAttribute("user", user);
		List<SyncLogQuery.Entry> entries = new ArrayList<>(this.log
			.page(accountId, new SyncLogQuery.Filter(null, null, null, null, null, null, user), null,
					SyncLogQuery.MAX_LIMIT)
			.entries());
		Collections.reverse(entries);
		model.addAttribute("entries", entries);
		model.addAttribute("records", this.userRecords.records(accountId, user.trim()));
		return "console/timeline";
	}

	private static java.time.Instant time(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return java.time.LocalDate.parse(value.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw Refusal.invalid("'" + value + "' is not a date such as 2026-11-23");
		}
	}

}
