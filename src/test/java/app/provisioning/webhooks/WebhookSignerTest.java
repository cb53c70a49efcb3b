package app.provisioning.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Our signatures checked by the Standard Webhooks project's Java library, the verifier
 * receivers use, and against the example every one of that project's libraries tests.
 */
class WebhookSignerTest {

	private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

	private static final String BODY = "{\"type\":\"scim.user.created\",\"data\":{\"displayName\":\"Zoë Ødegård\"}}";

	@Test
	void theSpecificationProjectsSigningExampleGivesTheirSignature() {
		// TestWebhookSign in libraries/go/webhook_test.go of
		// standard-webhooks/standard-webhooks, the same values in its other libraries'
		// tests.
		WebhookSecret secret = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

		String header = WebhookSigner.signatureHeader("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
				"{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8), List.of(secret));

		assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void theLibrarySignsExactlyAsWeDo() throws Exception {
		WebhookSecret secret = WebhookSecret.generate();
		long now = Instant.now().getEpochSecond();

		assertThat(WebhookSigner.signatureHeader(ID, now, utf8(BODY), List.of(secret)))
			.isEqualTo(new Webhook(secret.text()).sign(ID, now, BODY));
	}

	@Test
	void theLibraryVerifiesOurHeaders() {
		WebhookSecret secret = WebhookSecret.generate();
		Map<String, List<String>> headers = headers(ID, now(), BODY, secret);

		assertThatNoException().isThrownBy(() -> new Webhook(secret.text()).verify(BODY, headers));
	}

	@Test
	void whileASecretIsReplacedBothSignAndEitherVerifies() throws Exception {
		WebhookSecret current = WebhookSecret.generate();
		WebhookSecret previous = WebhookSecret.generate();
		Map<String, List<String>> headers = headers(ID, now(), BODY, current, previous);

		assertThat(headers.get("webhook-signature").get(0).split(" ")).hasSize(2).allMatch((s) -> s.startsWith("v1,"));
		new Webhook(current.text()).verify(BODY, headers);
		new Webhook(previous.text()).verify(BODY, headers);
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> new Webhook(WebhookSecret.generate().text()).verify(BODY, headers));
	}

	@Test
	void aChangedBodyIdOrTimestampFailsVerification() {
		WebhookSecret secret = WebhookSecret.generate();
		long now = now();
		Map<String, List<String>> headers = headers(ID, now, BODY, secret);
		String signature = headers.get("webhook-signature").get(0);
		Webhook receiver = webhook(secret);

		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> receiver.verify(BODY.replace("Zoë", "Zoe"), headers));
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> receiver.verify(BODY, Map.of("webhook-id", List.of(ID + "x"), "webhook-timestamp",
					List.of(Long.toString(now)), "webhook-signature", List.of(signature))));
		assertThatExceptionOfType(WebhookVerificationException.class)
			.isThrownBy(() -> receiver.verify(BODY, Map.of("webhook-id", List.of(ID), "webhook-timestamp",
					List.of(Long.toString(now - 1)), "webhook-signature", List.of(signature))));
	}

	@Test
	void headersNamesThemAsTheSpecificationDoes() {
		Map<String, String> headers = WebhookSigner.headers(ID, 1674087231, utf8(BODY),
				List.of(WebhookSecret.generate()));

		assertThat(headers).containsOnlyKeys("webhook-id", "webhook-timestamp", "webhook-signature")
			.containsEntry(WebhookSigner.ID_HEADER, ID)
			.containsEntry(WebhookSigner.TIMESTAMP_HEADER, "1674087231");
		assertThat(headers.get(WebhookSigner.SIGNATURE_HEADER)).matches("v1,[A-Za-z0-9+/]{43}=");
	}

	@Test
	void idsWithDotsOrSpacesAndMissingSecretsAreRefused() {
		List<WebhookSecret> secrets = List.of(WebhookSecret.generate());

		assertThatIllegalArgumentException()
			.isThrownBy(() -> WebhookSigner.signatureHeader("a.b", 1, utf8(BODY), secrets))
			.withMessageContaining("without dots");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WebhookSigner.signatureHeader("a b", 1, utf8(BODY), secrets));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WebhookSigner.signatureHeader("", 1, utf8(BODY), secrets));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WebhookSigner.signatureHeader(ID, 1, utf8(BODY), List.of()))
			.withMessageContaining("at least one secret");
	}

	private static Map<String, List<String>> headers(String id, long timestamp, String body, WebhookSecret... secrets) {
		Map<String, String> headers = WebhookSigner.headers(id, timestamp, utf8(body), List.of(secrets));
		return Map.of("webhook-id", List.of(headers.get("webhook-id")), "webhook-timestamp",
				List.of(headers.get("webhook-timestamp")), "webhook-signature",
				List.of(headers.get("webhook-signature")));
	}

	private static Webhook webhook(WebhookSecret secret) {
		try {
			return new Webhook(secret.key());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
