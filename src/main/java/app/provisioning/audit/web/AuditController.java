package app.provisioning.audit.web;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.audit.AuditEvent;
import app.provisioning.audit.AuditTrail;
import app.provisioning.platform.AdminApi;
import app.provisioning.audit.AuditCsv;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The audit trail by API: an account's (its owners and administrators, and the operator),
 * and the operator's own actions outside any account. Newest first, paged by event id;
 * CSV for export.
 */
@RestController
@AdminApi
class AuditController {

	private final AuditTrail trail;

	private final AuditCsv csv;

	private final JdbcTemplate jdbc;

	AuditController(AuditTrail trail, AuditCsv csv, JdbcTemplate jdbc) {
		this.trail = trail;
		this.csv = csv;
		this.jdbc = jdbc;
	}

	/**
	 * A page of events and the value of {@code before} that fetches the next one (null at
	 * the end).
	 */
	record Page(List<AuditEvent> events, Long next) {
	}

	@GetMapping("/api/accounts/{accountId}/audit")
	Page account(@PathVariable UUID accountId, @RequestParam(required = false) Long before,
			@RequestParam(required = false) Integer limit) {
		requireAccount(accountId);
		return page(accountId, before, limit);
	}

	@GetMapping("/api/accounts/{accountId}/audit.csv")
	void accountCsv(@PathVariable UUID accountId, HttpServletResponse response) throws IOException {
		requireAccount(accountId);
		this.csv.export(accountId, response);
	}

	/** The operator's actions outside any account: admin keys, signing keys. */
	@GetMapping("/api/audit")
	Page operator(@RequestParam(required = false) Long before, @RequestParam(required = false) Integer limit) {
		return page(null, before, limit);
	}

	private Page page(UUID accountId, Long before, Integer limit) {
		int size = (limit != null) ? limit : AuditTrail.DEFAULT_LIMIT;
		if (size < 1 || size > AuditTrail.MAX_LIMIT) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"limit must be between 1 and " + AuditTrail.MAX_LIMIT + "; got " + size);
		}
		List<AuditEvent> events = this.trail.page(accountId, before, size);
		Long next = (events.size() == size) ? events.get(events.size() - 1).id() : null;
		return new Page(events, next);
	}

	private void requireAccount(UUID accountId) {
		Boolean exists = this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM account WHERE id = ?)", Boolean.class,
				accountId);
		if (!Boolean.TRUE.equals(exists)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Account " + accountId + " not found");
		}
	}

}
