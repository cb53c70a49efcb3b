package app.provisioning.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook as the Standard Webhooks specification describes: HMAC-SHA256 over
 * {@code id.timestamp.body}, sent as {@code v1,<Base64>} in the {@code webhook-signature}
 * header. The receiver must get the body byte for byte as signed.
 */
public final class WebhookSigner {

	public static final String ID_HEADER = "webhook-id";

	public static final String TIMESTAMP_HEADER = "webhook-timestamp";

	public static final String SIGNATURE_HEADER = "webhook-signature";

	private static final String ALGORITHM = "HmacSHA256";

	// Looking the algorithm up costs more than the signature of a small body; a Mac is
	// not thread-safe, so each sending thread keeps its own and gives it the key each
	// time.
	private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(WebhookSigner::newMac);

	private WebhookSigner() {
	}

	/**
	 * The three headers of one delivery attempt, in the order the specification lists
	 * them.
	 * @see #signatureHeader
	 */
	public static Map<String, String> headers(String messageId, long timestampSeconds, byte[] body,
			List<WebhookSecret> secrets) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(ID_HEADER, messageId);
		headers.put(TIMESTAMP_HEADER, Long.toString(timestampSeconds));
		headers.put(SIGNATURE_HEADER, signatureHeader(messageId, timestampSeconds, body, secrets));
		return headers;
	}

	/**
	 * One signature per secret, space-separated: while a secret is being replaced both
	 * the new and the old one sign, so receivers holding either keep accepting
	 * deliveries.
	 * @param messageId stays the same across retries of one event; no dots, because the
	 * dot separates the signed parts
	 * @param timestampSeconds when this attempt is made (Unix seconds), not when the
	 * event happened: receivers refuse old timestamps to stop replays
	 */
	public static String signatureHeader(String messageId, long timestampSeconds, byte[] body,
			List<WebhookSecret> secrets) {
		checkMessageId(messageId);
		if (timestampSeconds < 0) {
			throw new IllegalArgumentException("webhook timestamp must be Unix seconds, not " + timestampSeconds);
		}
		if (body == null) {
			throw new IllegalArgumentException("webhook body is missing; sign an empty array for an empty body");
		}
		if (secrets == null || secrets.isEmpty()) {
			throw new IllegalArgumentException("a webhook needs at least one secret to be signed with");
		}
		List<String> signatures = new ArrayList<>(secrets.size());
		for (WebhookSecret secret : secrets) {
			signatures
				.add("v1," + Base64.getEncoder().encodeToString(hmac(secret.key(), messageId, timestampSeconds, body)));
		}
		return String.join(" ", signatures);
	}

	private static void checkMessageId(String messageId) {
		if (messageId == null || messageId.isEmpty()) {
			throw new IllegalArgumentException("webhook message id is missing");
		}
		for (int i = 0; i < messageId.length(); i++) {
			char c = messageId.charAt(i);
			// Visible ASCII only, as it is sent as a header value too.
			if (c == '.' || c <= ' ' || c > '~') {
				throw new IllegalArgumentException(
						"webhook message id must be visible ASCII without dots or spaces: " + messageId);
			}
		}
	}

	private static byte[] hmac(byte[] key, String messageId, long timestampSeconds, byte[] body) {
		try {
			Mac mac = MACS.get();
			mac.init(new SecretKeySpec(key, ALGORITHM));
			mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
			return mac.doFinal(body);
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException("an HMAC-SHA256 key is any bytes", ex);
		}
	}

	private static Mac newMac() {
		try {
			return Mac.getInstance(ALGORITHM);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", ex);
		}
	}

}
