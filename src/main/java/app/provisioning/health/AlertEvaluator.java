package app.provisioning.health;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.account.Account;
import app.provisioning.webhooks.WebhookNotices;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compares every account's health with its alerts, once a minute: a new condition fires
 * an alert and mails it, one still there is mailed again after the repeat interval (or
 * when it gets worse, or its deadline comes a step closer), one that is gone is resolved
 * and the resolution mailed. An account is evaluated under a transaction lock of its own,
 * and its mails are written in that transaction: with several instances an alert is
 * decided, and mailed, once.
 */
@Component
public class AlertEvaluator {

	private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

	private final HealthChecks checks;

	private final AlertAddresses addresses;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AlertsProperties properties;

	private final WebhookNotices notices;

	AlertEvaluator(HealthChecks checks, AlertAddresses addresses, JdbcTemplate jdbc, TransactionTemplate transactions,
			AlertsProperties properties, WebhookNotices notices) {
		this.notices = notices;
		this.checks = checks;
		this.addresses = addresses;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
	}

	private record Firing(long id, String kind, String severity, int step, Instant lastNotifiedAt, String reason,
			Instant firstAt) {
	}

	/** Checks one account's health and evaluates its alerts now. */
	public void evaluate(Account account) {
		evaluate(account, null);
	}

	/**
	 * Evaluates one account's alerts against a verdict just checked, or, when null,
	 * against its health checked now.
	 */
	void evaluate(Account account, AccountHealth checked) {
		this.transactions.executeWithoutResult((status) -> {
			Boolean mine = this.jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))",
					Boolean.class, "alerts:" + account.getId());
			if (!Boolean.TRUE.equals(mine)) {
				return;
			}
			AccountHealth health = (checked != null) ? checked : this.checks.of(account.getId());
			Map<String, Firing> firing = new HashMap<>();
			this.jdbc.query("SELECT id, kind, severity, step, last_notified_at, reason, first_at FROM alert"
					+ " WHERE account_id = ? AND state = 'firing' FOR UPDATE", (rs) -> {
						firing
							.put(rs.getString("kind"),
									new Firing(rs.getLong("id"), rs.getString("kind"), rs.getString("severity"),
											rs.getInt("step"),
											rs.getObject("last_notified_at", java.time.OffsetDateTime.class)
												.toInstant(),
											rs.getString("reason"),
											rs.getObject("first_at", java.time.OffsetDateTime.class).toInstant()));
					}, account.getId());
			for (AccountHealth.Condition condition : health.conditions()) {
				if (HealthChecks.NOT_STARTED.equals(condition.kind())) {
					continue;
				}
				Firing existing = firing.remove(condition.kind());
				if (existing == null) {
					fire(account, condition, health.checkedAt());
				}
				else {
					follow(account, condition, existing, health.checkedAt());
				}
			}
			for (Map.Entry<String, Firing> gone : firing.entrySet()) {
				resolve(account, gone.getValue(), health.checkedAt());
			}
		});
	}

	// Every time is the server's clock, the one the health was checked with, never the
	// database's: the repeat interval compares the two.
	private void fire(Account account, AccountHealth.Condition condition, Instant now) {
		Long id = this.jdbc.queryForObject(
				"INSERT INTO alert (account_id, kind, severity, reason, step, state, first_at, last_notified_at)"
						+ " VALUES (?, ?, ?, ?, ?, 'firing', ?, ?) RETURNING id",
				Long.class, account.getId(), condition.kind(), condition.severity(), condition.reason(),
				condition.step(), utc(now), utc(now));
		notify(account, WebhookNotices.ALERT_FIRED, id, condition.kind(), condition.severity(), condition.reason());
		mail(account, id, "[" + condition.severity() + "] " + account.getName() + ": " + headline(condition.reason()),
				condition.reason() + "\n\nThis alert is sent when it starts, again every " + hours()
						+ " while it lasts, and once when it is resolved.");
	}

	private void follow(Account account, AccountHealth.Condition condition, Firing existing, Instant now) {
		boolean worse = AccountHealth.FAILING.equals(condition.severity())
				&& !AccountHealth.FAILING.equals(existing.severity());
		boolean closer = condition.step() > existing.step();
		boolean due = !existing.lastNotifiedAt().plus(this.properties.repeat()).isAfter(now);
		if (worse || closer || due) {
			this.jdbc.update("UPDATE alert SET severity = ?, reason = ?, step = ?, last_notified_at = ? WHERE id = ?",
					condition.severity(), condition.reason(), condition.step(), utc(now), existing.id());
			mail(account, existing.id(),
					"[" + condition.severity() + ", still] " + account.getName() + ": " + headline(condition.reason()),
					condition.reason() + "\n\nFiring since " + existing.firstAt() + ".");
		}
		else if (!condition.reason().equals(existing.reason()) || !condition.severity().equals(existing.severity())) {
			this.jdbc.update("UPDATE alert SET severity = ?, reason = ?, step = ? WHERE id = ?", condition.severity(),
					condition.reason(), Math.max(condition.step(), existing.step()), existing.id());
		}
	}

	private void resolve(Account account, Firing gone, Instant now) {
		this.jdbc.update("UPDATE alert SET state = 'resolved', resolved_at = ? WHERE id = ?", utc(now), gone.id());
		notify(account, WebhookNotices.ALERT_RESOLVED, gone.id(), gone.kind(), gone.severity(), gone.reason());
		mail(account, gone.id(), "[resolved] " + account.getName() + ": " + headline(gone.reason()),
				"Resolved: " + gone.reason() + "\n\nIt was firing since " + gone.firstAt() + ".");
	}

	// Also to the account's webhook endpoints that want alerts, in the same transaction.
	private void notify(Account account, String type, long alertId, String kind, String severity, String reason) {
		Map<String, Object> data = new java.util.LinkedHashMap<>();
		data.put("accountId", account.getId().toString());
		data.put("alertId", alertId);
		data.put("kind", kind);
		data.put("severity", severity);
		data.put("reason", reason);
		this.notices.queue(account.getId(), type,
				"msg_alert_" + alertId + (WebhookNotices.ALERT_FIRED.equals(type) ? "_fired" : "_resolved"), data);
	}

	private void mail(Account account, Long alertId, String subject, String text) {
		String body = text + "\n\nAccount: " + account.getName() + " (" + account.getId() + ")\n";
		for (String recipient : this.addresses.of(account.getId()).all()) {
			this.jdbc.update("INSERT INTO alert_mail (account_id, alert_id, recipient, subject, body)"
					+ " VALUES (?, ?, ?, ?, ?)", account.getId(), alertId, recipient, subject, body);
		}
	}

	private static java.time.OffsetDateTime utc(Instant instant) {
		return java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
	}

	// The reason's first clause, short enough for a subject line.
	static String headline(String reason) {
		String first = reason.split(": |; | \\(", 2)[0].trim();
		return (first.length() > 120) ? first.substring(0, 117) + "..." : first;
	}

	private String hours() {
		long hours = this.properties.repeat().toHours();
		return (hours >= 1) ? hours + " hours" : this.properties.repeat().toMinutes() + " minutes";
	}

}
