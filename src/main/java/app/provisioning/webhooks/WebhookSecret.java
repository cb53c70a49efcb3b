package app.provisioning.webhooks;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: random bytes that the receiver is given once, as
 * {@code whsec_} followed by standard Base64, to check the {@code webhook-signature}
 * header. Not a record, so that neither {@code toString} nor a log line can show the key.
 */
public final class WebhookSecret {

	public static final String PREFIX = "whsec_";

	// The specification's range for HMAC-SHA256 secrets.
	static final int MIN_BYTES = 24;

	static final int MAX_BYTES = 64;

	private static final int GENERATED_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] key;

	private WebhookSecret(byte[] key) {
		this.key = key;
	}

	public static WebhookSecret generate() {
		byte[] key = new byte[GENERATED_BYTES];
		RANDOM.nextBytes(key);
		return new WebhookSecret(key);
	}

	/**
	 * Reads the {@code whsec_} form. The messages never repeat the text, which is a
	 * secret.
	 * @throws IllegalArgumentException naming what is wrong with the text
	 */
	public static WebhookSecret parse(String text) {
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException("webhook secret is empty; expected " + PREFIX + " followed by Base64");
		}
		if (!text.startsWith(PREFIX)) {
			throw new IllegalArgumentException(
					"webhook secret must start with " + PREFIX + " followed by Base64, as shown when it was created");
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("webhook secret after " + PREFIX
					+ " is not standard Base64 (A-Z a-z 0-9 + / and = padding; no spaces, line breaks, - or _)");
		}
		if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
			throw new IllegalArgumentException("webhook secret must hold " + MIN_BYTES + " to " + MAX_BYTES
					+ " random bytes, this one holds " + key.length + "; generate a new secret");
		}
		return new WebhookSecret(key);
	}

	public String text() {
		return PREFIX + Base64.getEncoder().encodeToString(this.key);
	}

	/** A copy, so a caller cannot change the secret. */
	public byte[] key() {
		return this.key.clone();
	}

	@Override
	public String toString() {
		return "WebhookSecret[" + PREFIX + "(hidden)]";
	}

}
