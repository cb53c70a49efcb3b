package app.provisioning.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
		byte[] signed = signedContent(messageId, timestampSeconds, body);
		List<String> signatures = new ArrayList<>(secrets.size());
		for (WebhookSecret secret : secrets) {
			signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(secret.key(), signed)));
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

	private static byte[] signedContent(String messageId, long timestampSeconds, byte[] body) {
		byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII);
		byte[] content = new byte[prefix.length + body.length];
		System.arraycopy(prefix, 0, content, 0, prefix.length);
		System.arraycopy(body, 0, content, prefix.length, body.length);
		return content;
	}

	private static byte[] hmac(byte[] key, byte[] content) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(key, ALGORITHM));
			return mac.doFinal(content);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", ex);
		}
	}

}
