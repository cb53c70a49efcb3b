package app.provisioning.health;

import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Tries the SMTP server once the server has started, so a wrong host, port or login shows
 * in the log at once rather than when the first alert cannot go out. Never stops the
 * server: alerts wait and are retried, and each e-mail's error is on the account page.
 */
@Component
class MailServerCheck {

	private static final Logger log = LoggerFactory.getLogger(MailServerCheck.class);

	private final ObjectProvider<JavaMailSender> senders;

	MailServerCheck(ObjectProvider<JavaMailSender> senders) {
		this.senders = senders;
	}

	@EventListener(ApplicationReadyEvent.class)
	void check() {
		JavaMailSender sender = this.senders.getIfAvailable();
		if (sender == null) {
			log.info("No SMTP server is configured (SPRING_MAIL_HOST): alerts are listed on the pages"
					+ " but not e-mailed");
			return;
		}
		if (!(sender instanceof JavaMailSenderImpl smtp)) {
			return;
		}
		// Off the start-up thread: an SMTP server that does not answer takes its timeout.
		Thread check = new Thread(() -> {
			try {
				smtp.testConnection();
				log.info("The SMTP server {}:{} accepts connections; alerts will be e-mailed", smtp.getHost(),
						smtp.getPort());
			}
			catch (MessagingException ex) {
				log.warn("The SMTP server {}:{} cannot be used for alerts ({}); check SPRING_MAIL_HOST, "
						+ "SPRING_MAIL_PORT, SPRING_MAIL_USERNAME and SPRING_MAIL_PASSWORD. Alerts wait and are retried.",
						smtp.getHost(), smtp.getPort(), ex.getMessage());
			}
		}, "mail-server-check");
		check.setDaemon(true);
		check.start();
	}

}
