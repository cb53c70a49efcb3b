package app.provisioning.health;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.BackgroundTasks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the queued alert e-mails, on every instance: a mail is claimed for a while before
 * it is sent, so two instances never send it both, and one whose instance stopped is sent
 * by another later. A failed send is tried again later (1, 5, 15 minutes, then hourly,
 * for a day); an SMTP server that is down never blocks anything else.
 */
@Component
class AlertMailer {

	private static final Logger log = LoggerFactory.getLogger(AlertMailer.class);

	static final int BATCH = 20;

	static final int MAX_ATTEMPTS = 27;

	private static final Duration CLAIM = Duration.ofMinutes(2);

	private static final Duration EVERY = Duration.ofSeconds(5);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ObjectProvider<JavaMailSender> senders;

	private final AlertsProperties properties;

	private volatile boolean failing;

	AlertMailer(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectProvider<JavaMailSender> senders,
			AlertsProperties properties, BackgroundTasks background) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.senders = senders;
		this.properties = properties;
		background.every(EVERY, EVERY, "alert-mailer", this::sendQuietly);
	}

	private record Mail(long id, String recipient, String subject, String body, int attempts) {
	}

	/** Sends what is due now; returns how many were sent. */
	int sendDue() {
		List<Mail> due = this.transactions.execute((status) -> this.jdbc.query(
				"UPDATE alert_mail SET next_attempt_at = now() + ? * interval '1 second' WHERE id IN (SELECT id"
						+ " FROM alert_mail WHERE state = 'pending' AND next_attempt_at <= now() ORDER BY id LIMIT ?"
						+ " FOR UPDATE SKIP LOCKED) RETURNING id, recipient, subject, body, attempts",
				(rs, n) -> new Mail(rs.getLong("id"), rs.getString("recipient"), rs.getString("subject"),
						rs.getString("body"), rs.getInt("attempts")),
				CLAIM.toSeconds(), BATCH));
		JavaMailSender sender = this.senders.getIfAvailable();
		int sent = 0;
		for (Mail mail : due) {
			if (sender == null) {
				failed(mail, "No SMTP server is configured (SPRING_MAIL_HOST); the alert waits until one is");
				continue;
			}
			try {
				SimpleMailMessage message = new SimpleMailMessage();
				message.setFrom(this.properties.from());
				message.setTo(mail.recipient());
				message.setSubject(mail.subject());
				message.setText(mail.body());
				sender.send(message);
				this.jdbc.update("UPDATE alert_mail SET state = 'sent', sent_at = now(), attempts = attempts + 1,"
						+ " last_error = null WHERE id = ?", mail.id());
				sent++;
				if (this.failing) {
					log.info("Alert e-mails are sent again");
					this.failing = false;
				}
			}
			catch (MailException ex) {
				failed(mail, ex.getMessage());
				if (!this.failing) {
					log.warn("Sending an alert e-mail failed; it is tried again later: {}", ex.getMessage());
					this.failing = true;
				}
			}
		}
		return sent;
	}

	private void failed(Mail mail, String error) {
		int attempts = mail.attempts() + 1;
		if (attempts >= MAX_ATTEMPTS) {
			this.jdbc.update("UPDATE alert_mail SET state = 'failed', attempts = ?, last_error = ? WHERE id = ?",
					attempts, error, mail.id());
			return;
		}
		this.jdbc.update(
				"UPDATE alert_mail SET attempts = ?, last_error = ?,"
						+ " next_attempt_at = now() + ? * interval '1 second' WHERE id = ?",
				attempts, error, retryAfter(attempts).toSeconds(), mail.id());
	}

	static Duration retryAfter(int attempts) {
		return switch (attempts) {
			case 1 -> Duration.ofMinutes(1);
			case 2 -> Duration.ofMinutes(5);
			case 3 -> Duration.ofMinutes(15);
			default -> Duration.ofHours(1);
		};
	}

	private void sendQuietly() {
		try {
			while (sendDue() == BATCH) {
				// a backlog: go on at once
			}
		}
		catch (RuntimeException ex) {
			log.warn("Sending alert e-mails paused; trying again in {}: {}", EVERY, ex.getMessage());
		}
	}

}
