package app.provisioning.health;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import app.provisioning.account.Account;
import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An account's alerts as an administrator sees them: what is firing or was resolved, the
 * e-mails and whether they went out, the account's alert address, and a test e-mail to
 * each channel.
 */
@Service
public class Alerts {

	static final int LISTED = 50;

	private final JdbcTemplate jdbc;

	private final AccountService accounts;

	private final AlertAddresses addresses;

	Alerts(JdbcTemplate jdbc, AccountService accounts, AlertAddresses addresses) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.addresses = addresses;
	}

	public record Alert(long id, String kind, String severity, String state, String reason, Instant firstAt,
			Instant lastNotifiedAt, Instant resolvedAt) {
	}

	public record Mail(long id, String recipient, String subject, String state, int attempts, String lastError,
			Instant createdAt, Instant sentAt) {
	}

	/**
	 * @param email the account's own alert address, null when none
	 * @param recipients every address the account's alerts go to now
	 */
	public record Overview(String email, List<String> recipients, List<Alert> alerts, List<Mail> mails) {
	}

	@Transactional(readOnly = true)
	public Overview overview(UUID accountId) {
		this.accounts.get(accountId);
		AlertAddresses.Channels channels = this.addresses.of(accountId);
		List<Alert> alerts = this.jdbc.query(
				"SELECT * FROM alert WHERE account_id = ? ORDER BY (state = 'firing') DESC, id DESC LIMIT ?",
				(rs, n) -> new Alert(rs.getLong("id"), rs.getString("kind"), rs.getString("severity"),
						rs.getString("state"), rs.getString("reason"),
						instant(rs.getObject("first_at", OffsetDateTime.class)),
						instant(rs.getObject("last_notified_at", OffsetDateTime.class)),
						instant(rs.getObject("resolved_at", OffsetDateTime.class))),
				accountId, LISTED);
		List<Mail> mails = this.jdbc.query("SELECT * FROM alert_mail WHERE account_id = ? ORDER BY id DESC LIMIT ?",
				(rs, n) -> new Mail(rs.getLong("id"), rs.getString("recipient"), rs.getString("subject"),
						rs.getString("state"), rs.getInt("attempts"), rs.getString("last_error"),
						instant(rs.getObject("created_at", OffsetDateTime.class)),
						instant(rs.getObject("sent_at", OffsetDateTime.class))),
				accountId, LISTED);
		return new Overview(channels.account(), List.copyOf(channels.all()), alerts, mails);
	}

	/** Sets (or, with a blank value, removes) the account's own alert address. */
	@Transactional
	public Overview changeEmail(UUID accountId, String email) {
		this.accounts.get(accountId);
		String address = (email == null || email.isBlank()) ? null : email.trim();
		if (address != null && !AlertAddresses.looksLikeAnAddress(address)) {
			throw Refusal.invalid("email '" + email + "' is not an e-mail address");
		}
		this.jdbc.update(
				"INSERT INTO alert_settings (account_id, email, updated_at) VALUES (?, ?, now())"
						+ " ON CONFLICT (account_id) DO UPDATE SET email = excluded.email, updated_at = now()",
				accountId, address);
		return overview(accountId);
	}

	/**
	 * Queues a test e-mail to one channel ({@code account}, {@code members},
	 * {@code operator}) or, with none, to every address of the account's alerts.
	 * @return the addresses it goes to
	 */
	@Transactional
	public List<String> sendTest(UUID accountId, String channel) {
		Account account = this.accounts.get(accountId);
		AlertAddresses.Channels channels = this.addresses.of(accountId);
		List<String> to = new ArrayList<>();
		String chosen = (channel == null) ? "all" : channel.trim().toLowerCase(Locale.ROOT);
		switch (chosen) {
			case "all" -> to.addAll(channels.all());
			case "account" -> {
				if (channels.account() != null) {
					to.add(channels.account());
				}
			}
			case "members" -> to.addAll(channels.members());
			case "operator" -> {
				if (channels.operator() != null) {
					to.add(channels.operator());
				}
			}
			default -> throw Refusal
				.invalid("channel must be account, members or operator (or left out for all), not '" + channel + "'");
		}
		if (to.isEmpty()) {
			throw Refusal.conflict("No address to send to on " + chosen
					+ ": set the account's alert address, add owners or administrators whose sign-in names are"
					+ " e-mail addresses, or set PROVISIONING_ALERTS_OPERATOREMAIL");
		}
		for (String recipient : to) {
			this.jdbc.update("INSERT INTO alert_mail (account_id, recipient, subject, body) VALUES (?, ?, ?, ?)",
					accountId, recipient, "[test] " + account.getName() + ": alerts reach this address",
					"A test of the provisioning alerts of " + account.getName() + " (" + accountId
							+ "). Nothing is wrong.\n");
		}
		return to;
	}

	private static Instant instant(OffsetDateTime value) {
		return (value != null) ? value.toInstant() : null;
	}

}
