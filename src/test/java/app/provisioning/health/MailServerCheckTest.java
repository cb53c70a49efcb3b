package app.provisioning.health;

import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong SMTP setting shows in the log at start-up, naming the settings to check. */
@ExtendWith(OutputCaptureExtension.class)
class MailServerCheckTest {

	@Test
	void anSmtpServerThatCannotBeReachedIsReportedAtStartUp(CapturedOutput output) throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(closed);
		new MailServerCheck(new StaticListableBeanFactory(Map.of("mail", sender)).getBeanProvider(JavaMailSender.class))
			.check();
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!output.getOut().contains("cannot be used for alerts") && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(output.getOut()).contains("The SMTP server 127.0.0.1:" + closed + " cannot be used for alerts")
			.contains("SPRING_MAIL_HOST");
	}

	@Test
	void noSmtpServerIsSaidOnce(CapturedOutput output) {
		new MailServerCheck(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class)).check();
		assertThat(output.getOut()).contains("No SMTP server is configured");
	}

}
