package app.provisioning.support;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) for the whole test run, on a port of its own; every test
 * context sends the alerts' e-mails to it. Tests read what one address received, so they
 * never see each other's mails. It can be stopped and started again on the same port, to
 * play an SMTP server that is down.
 */
public final class FakeMailServer {

	private static FakeMailServer instance;

	private final ServerSetup setup;

	private GreenMail server;

	private final int port;

	private FakeMailServer() {
		this.setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		this.server = new GreenMail(this.setup.dynamicPort());
		this.server.start();
		this.port = this.server.getSmtp().getPort();
	}

	public static synchronized FakeMailServer get() {
		if (instance == null) {
			instance = new FakeMailServer();
		}
		return instance;
	}

	public int port() {
		return this.port;
	}

	public Map<String, String> springProperties() {
		return Map.of("spring.mail.host", "127.0.0.1", "spring.mail.port", String.valueOf(port()));
	}

	/** What was delivered to {@code address}: subject, then body, per message. */
	public synchronized List<MimeMessage> receivedBy(String address) {
		return Arrays.stream(this.server.getReceivedMessages()).filter((message) -> {
			try {
				Address[] to = message.getAllRecipients();
				return to != null && Arrays.stream(to).anyMatch((a) -> a.toString().equalsIgnoreCase(address));
			}
			catch (MessagingException ex) {
				return false;
			}
		}).toList();
	}

	public synchronized void stop() {
		this.server.stop();
	}

	/** Starts again on the port it had. */
	public synchronized void start() {
		this.server = new GreenMail(new ServerSetup(this.port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		this.server.start();
	}

}
