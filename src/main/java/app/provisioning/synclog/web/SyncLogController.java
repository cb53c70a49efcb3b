package app.provisioning.synclog.web;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.platform.Refusal;
import app.provisioning.platform.AdminApi;
import app.provisioning.synclog.SyncLogQuery;
import app.provisioning.synclog.SyncLogCsv;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sync log of an account: read-only, filtered, newest first, cursor-paged, and as
 * CSV.
 */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}")
class SyncLogController {

	private final SyncLogQuery query;

	private final SyncLogCsv csv;

	SyncLogController(SyncLogQuery query, SyncLogCsv csv) {
		this.query = query;
		this.csv = csv;
	}

	@GetMapping("/sync-log")
	SyncLogQuery.Page page(@PathVariable UUID accountId, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String origin,
			@RequestParam(required = false) String source, @RequestParam(required = false) String operation,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String user,
			@RequestParam(required = false) String requestId, @RequestParam(required = false) String cursor,
			@RequestParam(required = false) Integer limit) {
		return this.query.page(accountId, filter(from, to, origin, source, operation, outcome, user, requestId), cursor,
				limit);
	}

	/** Every matching entry as CSV (UTF-8, RFC 4180), streamed. */
	@GetMapping("/sync-log.csv")
	void export(@PathVariable UUID accountId, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String origin,
			@RequestParam(required = false) String source, @RequestParam(required = false) String operation,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String user,
			@RequestParam(required = false) String requestId, HttpServletResponse response) throws IOException {
		this.csv.export(accountId, filter(from, to, origin, source, operation, outcome, user, requestId), response);
	}

	static SyncLogQuery.Filter filter(String from, String to, String origin, String source, String operation,
			String outcome, String user, String requestId) {
		return new SyncLogQuery.Filter(instant("from", from), instant("to", to), origin, source, operation, outcome,
				user, requestId);
	}

	/**
	 * Far outside any sync log, yet inside what PostgreSQL stores: a made-up year fails
	 * here, not in the database.
	 */
	private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private static Instant instant(String name, String value) {
		Instant parsed = parse(name, value);
		if (parsed != null && (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST))) {
			throw Refusal.invalid(name + " '" + value + "' is outside the years 1900 to 9999");
		}
		return parsed;
	}

	private static Instant parse(String name, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			try {
				return java.time.LocalDate.parse(value.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
			}
			catch (DateTimeParseException again) {
				throw Refusal.invalid(name + " '" + value + "' is not a time such as 2026-11-23T08:00:00Z"
						+ " or a date such as 2026-11-23");
			}
		}
	}

}
